#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct FirewallOptions {
    std::string action;  ///< print, install, remove
    std::string config;  ///< schoolgated.yaml
};

/// `schoolgate firewall print|install|remove --config schoolgated.yaml`: the kernel rules that send the
/// first packets of every connection from the policy's networks to the daemon's queues and enforce its
/// verdicts. `install` is idempotent (it removes schoolgate's own rules first); `remove` leaves the rest
/// of the firewall untouched.
FirewallOptions& add_firewall_command(CLI::App& app);
int run_firewall(const FirewallOptions& options);

}  // namespace schoolgate::tools
