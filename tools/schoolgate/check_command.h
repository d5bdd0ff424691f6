#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct CheckOptions {
    std::string policy;
    std::string catalogue;
    std::string at;  ///< school-local time the summary is as of; empty = now
};

/// `schoolgate check POLICY`: validates the policy exactly as the daemon would and prints a summary.
CheckOptions& add_check_command(CLI::App& app);
int run_check(const CheckOptions& options);

}  // namespace schoolgate::tools
