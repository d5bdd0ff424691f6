#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct ExplainOptions {
    std::string policy;
    std::string catalogue;
    std::string ip;
    std::string mac;
    std::string user;
    std::string host;
    std::string service;
    std::string at;  ///< school-local time; empty = now
};

/// `schoolgate explain`: the verdict for one person or device and one site at one school time, the rule
/// or exemption that decided it, the timetable period, and why each earlier rule did not match. Runs the
/// same decide() as the packet path, with no packets.
ExplainOptions& add_explain_command(CLI::App& app);
int run_explain(const ExplainOptions& options);

}  // namespace schoolgate::tools
