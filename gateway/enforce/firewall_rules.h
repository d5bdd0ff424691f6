#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/net/cidr.h"

namespace schoolgate::gateway::enforce {

/// What the firewall needs to know to send a school's traffic through the daemon.
struct FirewallPlan {
    struct Network {
        std::string name;    ///< the policy's network name, for comments
        net::Cidr cidr;
        bool fail_closed = false;  ///< no daemon, no new connections from this network
    };
    /// Fail-open networks use queues first_queue .. first_queue + queues - 1; fail-closed networks the same
    /// number after them (fail_closed_first_queue), which the daemon binds without NFQA_CFG_F_FAIL_OPEN, so
    /// that an overflowing queue drops their packets instead of passing them uninspected.
    std::uint16_t first_queue = 0;
    std::uint16_t queues = 1;
    std::uint32_t inspect_packets = 600;  ///< the queue window's safety net (decided connections leave it first)
    /// Connections opened from these networks are inspected; none listed: every forwarded connection,
    /// fail-open.
    std::vector<Network> networks;
};

/// One command line, argv[0] first ("iptables", "-w", ...).
using CommandLine = std::vector<std::string>;

/// The rules, as data: an nft table for marking, enforcing and counting, and iptables/ip6tables rules
/// for the queue itself (nft's queue statement is missing from Debian 12's cloud kernels). Everything
/// lives in schoolgate's own table and chain, so installing twice changes nothing and removing leaves
/// the rest of the gateway's firewall as it was.
struct FirewallRules {
    std::string nft_ruleset;             ///< for `nft -f -`; defines `table inet schoolgate`
    std::vector<CommandLine> queue_add;  ///< iptables/ip6tables commands that create and hook the queue chain
    std::vector<CommandLine> queue_remove;  ///< the commands that undo queue_add (each may fail if absent)
    CommandLine nft_remove;              ///< deletes the nft table
};

inline constexpr const char* kNftTable = "schoolgate";
inline constexpr const char* kIptablesChain = "SCHOOLGATE";
inline constexpr const char* kBypassCounter = "queue_bypassed";

FirewallRules build_firewall_rules(const FirewallPlan& plan);

/// The first of the fail-closed networks' queues (the fail-open ones come first).
constexpr std::uint32_t fail_closed_first_queue(std::uint16_t first_queue, std::uint16_t queues) noexcept {
    return std::uint32_t{first_queue} + queues;
}

/// One command as a shell would take it, each word quoted where it needs to be.
std::string command_text(const CommandLine& command);

/// The rules as a shell script a network manager can read, review and run by hand: the same steps as
/// `schoolgate firewall install` (remove schoolgate's own rules, then add them), so it may be run again.
std::string firewall_script(const FirewallRules& rules);

}  // namespace schoolgate::gateway::enforce
