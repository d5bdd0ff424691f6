#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct ExemptOptions {
    std::string action;  ///< add | list | revoke (the sub-subcommand used)
    std::string policy;
    std::string catalogue;
    std::string id;
    std::string user, device, role, network;
    std::vector<std::string> services;
    std::string from, until;
    std::vector<std::string> periods;
    std::string reason;
    std::string approved_by;
    std::string by;  ///< the person making the change (audited)
    std::string at;  ///< list: status as of this local time; empty = now
};

/// `schoolgate exempt add|list|revoke` for the e-safety officer. A change is validated with the whole
/// policy before it is written (the same checks the daemon applies), written atomically with a backup,
/// and appended to the audit log `<exemptions file>.audit.jsonl` (who, when, what, before and after).
ExemptOptions& add_exempt_command(CLI::App& app);
int run_exempt(const ExemptOptions& options);

}  // namespace schoolgate::tools
