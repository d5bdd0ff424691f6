#include "gateway/daemon/ipv6_prefix_warning.h"

#include <algorithm>
#include <set>
#include <string>

namespace schoolgate::gateway::daemon {

config::ConfigErrors ipv6_prefix_warnings(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy) {
    config::ConfigErrors warnings;
    if (daemon.mode != config::model::DaemonModel::Mode::Inline) return warnings;
    const auto& listed = daemon.inline_mode.fail_closed_networks;
    const auto& networks = policy.subjects().networks();
    const auto find = [&](const std::string& name) {
        const auto it = std::find_if(networks.begin(), networks.end(), [&](const auto& n) { return n.name == name; });
        return it == networks.end() ? nullptr : &*it;
    };
    std::set<std::string> roles_with_ipv6;
    for (const auto& name : listed) {
        const auto* network = find(name);
        if (network && network->cidr && !network->cidr->network().is_v4()) roles_with_ipv6.insert(network->role);
    }
    const bool any_ipv6 = std::any_of(networks.begin(), networks.end(),
                                      [](const auto& n) { return n.cidr && !n.cidr->network().is_v4(); });
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const auto* network = find(listed[i]);
        if (!network || !network->cidr || !network->cidr->network().is_v4() || roles_with_ipv6.count(network->role)) continue;
        const std::string path = "inline.fail_closed_networks[" + std::to_string(i) + "]";
        const auto mark = daemon.mark_of(path);
        const std::string happens =
            any_ipv6 ? "the policy lists IPv6 prefixes, so only those are queued: its devices' IPv6 is inspected "
                       "only if one of them holds their addresses, and never fails closed"
                     : "its devices' IPv6 is queued (all IPv6 is, failing closed) and each device is placed on the "
                       "network of its own IPv4 traffic (by MAC), or, when nothing places it (a router between, no "
                       "IPv4 seen lately), decided as the strictest of the policy's networks";
        warnings.push_back({mark.file, mark.line, mark.column, path,
                            "'" + network->name + "' lists no IPv6 prefix: " + happens + "; to place its IPv6 by "
                            "address, add a network with its prefix to the policy (e.g. {name: " + network->name +
                            "-v6, cidr: 2001:db8:20::/64, role: " + network->role + "}) and list it here"});
    }
    return warnings;
}

}  // namespace schoolgate::gateway::daemon
