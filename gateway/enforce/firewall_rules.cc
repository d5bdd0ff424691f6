#include "gateway/enforce/firewall_rules.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "gateway/enforce/connection_marks.h"

namespace schoolgate::gateway::enforce {

namespace {

std::string hex(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%x", value);
    return text;
}

// A fail-closed network's queues are not the fail-open ones: the kernel's overflow behaviour is a property
// of the queue (NFQA_CFG_F_FAIL_OPEN), and a fail-closed network must not be let through when one overflows.
std::string queue_target_args(const FirewallPlan& plan, bool fail_closed) {
    const std::uint32_t first = fail_closed ? fail_closed_first_queue(plan.first_queue, plan.queues) : plan.first_queue;
    if (plan.queues <= 1) return std::to_string(first);
    return std::to_string(first) + ":" + std::to_string(first + plan.queues - 1);
}

bool has_family(const FirewallPlan& plan, bool v4) {
    return std::any_of(plan.networks.begin(), plan.networks.end(),
                       [v4](const FirewallPlan::Network& network) { return network.cidr.network().is_v4() == v4; });
}

bool any_fail_closed(const FirewallPlan& plan) {
    return std::any_of(plan.networks.begin(), plan.networks.end(),
                       [](const FirewallPlan::Network& network) { return network.fail_closed; });
}

// The nft side: enforce marked connections before the queue, copy the daemon's packet marks to the
// connection after it, and count what went through the inspected range without a verdict.
std::string nft_ruleset(const FirewallPlan& plan) {
    const std::string blocked = hex(kMarkBlocked);
    const std::string settled = hex(kMarkSettled);
    const std::string decided = hex(kMarkBlocked | kMarkSettled);
    const std::string watched = hex(kMarkWatched);
    const std::string watch_state = hex(kMarkBlocked | kMarkSettled | kMarkWatched);
    const std::string limit = std::to_string(plan.inspect_packets + 1);
    std::ostringstream out;
    out << "table inet " << kNftTable << " {\n"
        << "\tcounter " << kBypassCounter << " {\n"
        << "\t\tcomment \"queued-range packets that passed without a verdict: daemon down or behind\"\n"
        << "\t}\n"
        // Before iptables' filter chains (priority 0), where the queue rule lives.
        << "\tchain enforce {\n"
        << "\t\ttype filter hook forward priority -10; policy accept;\n"
        << "\t\tct mark & " << blocked << " == " << blocked << " meta l4proto tcp counter reject with tcp reset\n"
        << "\t\tct mark & " << blocked << " == " << blocked << " counter drop\n"
        << "\t}\n"
        << "\tchain after_queue {\n"
        << "\t\ttype filter hook forward priority 10; policy accept;\n"
        // A packet RELATED to a connection (an ICMP error) carries that connection's conntrack entry: its
        // verdict must not mark the connection, or a pupil's short-TTL decoy, answered by the next router's
        // ICMP time-exceeded, would get the connection settled before its real ClientHello was queued.
        << "\t\tmeta mark & " << blocked << " == " << blocked << " ct state related counter drop\n"
        << "\t\tct state related accept\n"
        << "\t\tmeta mark & " << blocked << " == " << blocked << " ct mark set ct mark | " << blocked
        << " meta l4proto tcp counter reject with tcp reset\n"
        << "\t\tmeta mark & " << blocked << " == " << blocked << " ct mark set ct mark | " << blocked << " counter drop\n"
        << "\t\tmeta mark & " << settled << " == " << settled << " ct mark set ct mark | " << settled << "\n"
        << "\t\tmeta mark & " << watched << " == " << watched << " ct mark set ct mark | " << watched << "\n";
    // What the queue rules send to the daemon and came back without its mark: the window of an undecided
    // connection, and every packet of a watched one.
    const auto bypass_rule = [&](const std::string& origin) {
        const std::string unmarked = "\t\tmeta mark & " + hex(kMarkInspected) + " == 0 ct mark & " + watch_state;
        const std::string count = "counter name " + std::string{kBypassCounter} + "\n";
        out << unmarked << " == 0 ct packets < " << limit << " " << origin << count;
        out << unmarked << " == " << watched << " " << origin << count;
    };
    if (plan.networks.empty()) bypass_rule("");
    for (const auto& network : plan.networks) {
        bypass_rule(std::string{network.cidr.network().is_v4() ? "ct original ip saddr " : "ct original ip6 saddr "} +
                    network.cidr.to_string() + " ");
    }
    if (!plan.networks.empty() && !has_family(plan, false)) bypass_rule("meta nfproto ipv6 ");
    out << "\t}\n}\n";
    return out.str();
}

// Every IP protocol is queued, not only TCP and UDP: ESP, GRE and the rest reach the engine too (they are
// flows like any other, decided and then left to the kernel by their connection mark).
// `watched`: the rule for conversations the engine still reads (kMarkWatched), queued whatever their
// length; otherwise the window every undecided connection is queued for.
CommandLine queue_rule(const FirewallPlan& plan, const char* tool, const FirewallPlan::Network* network,
                       bool fail_closed, bool watched) {
    CommandLine rule{tool, "-w", "-A", kIptablesChain};
    if (network) {
        rule.insert(rule.end(), {"-m", "conntrack", "--ctorigsrc", network->cidr.to_string()});
    }
    if (watched) {
        rule.insert(rule.end(), {"-m", "connmark", "--mark", hex(kMarkWatched) + "/" + hex(kMarkWatched), "-j", "NFQUEUE"});
    } else {
        rule.insert(rule.end(), {"-m", "connbytes", "--connbytes", "0:" + std::to_string(plan.inspect_packets),
                                 "--connbytes-dir", "both", "--connbytes-mode", "packets", "-j", "NFQUEUE"});
    }
    rule.insert(rule.end(), {plan.queues <= 1 ? "--queue-num" : "--queue-balance", queue_target_args(plan, fail_closed)});
    if (!fail_closed) rule.push_back("--queue-bypass");
    if (network) {
        rule.insert(rule.end(), {"-m", "comment", "--comment",
                                 "schoolgate " + network->name + (network->fail_closed ? " fail-closed" : " fail-open") +
                                     (watched ? " watched" : "")});
    }
    return rule;
}

CommandLine invalid_queue_rule(const FirewallPlan& plan, const char* tool, const FirewallPlan::Network* network,
                               bool fail_closed) {
    CommandLine rule{tool, "-w", "-A", kIptablesChain};
    if (network) rule.insert(rule.end(), {"-s", network->cidr.to_string()});
    rule.insert(rule.end(), {"-m", "conntrack", "--ctstate", "INVALID", "-j", "NFQUEUE"});
    rule.insert(rule.end(), {plan.queues <= 1 ? "--queue-num" : "--queue-balance", queue_target_args(plan, fail_closed)});
    if (!fail_closed) rule.push_back("--queue-bypass");
    if (network) rule.insert(rule.end(), {"-m", "comment", "--comment", "schoolgate " + network->name + " invalid"});
    return rule;
}

void add_queue_chain(const FirewallPlan& plan, const char* tool, bool v4, FirewallRules& rules) {
    std::vector<const FirewallPlan::Network*> networks;
    for (const auto& network : plan.networks) {
        if (network.cidr.network().is_v4() == v4) networks.push_back(&network);
    }
    rules.queue_add.push_back({tool, "-w", "-N", kIptablesChain});
    // Decided connections (blocked or settled) are the kernel's business from here on.
    rules.queue_add.push_back({tool, "-w", "-A", kIptablesChain, "-m", "connmark", "!", "--mark",
                               "0x0/" + hex(kMarkBlocked | kMarkSettled), "-j", "RETURN"});
    for (const auto* network : networks) {
        rules.queue_add.push_back(queue_rule(plan, tool, network, network->fail_closed, false));
        rules.queue_add.push_back(queue_rule(plan, tool, network, network->fail_closed, true));
    }
    // No network of this family listed: every forwarded connection of it is queued. For IPv6 beside listed
    // IPv4 networks this is a dual-stack school whose IPv6 prefixes the policy does not name, which a pupil
    // would otherwise use to go round the filter; it is fail-closed if any listed network is.
    if (networks.empty()) {
        rules.queue_add.push_back(queue_rule(plan, tool, nullptr, any_fail_closed(plan), false));
        rules.queue_add.push_back(queue_rule(plan, tool, nullptr, any_fail_closed(plan), true));
    }
    // A packet conntrack calls INVALID (a wrong checksum, outside its window) has no connection to match
    // above and would pass uninspected; the server may still accept what conntrack doubts. Queued by its
    // source address instead, so the engine judges it (a decoy is evidence) and a blocked flow stays blocked.
    for (const auto* network : networks) rules.queue_add.push_back(invalid_queue_rule(plan, tool, network, network->fail_closed));
    if (networks.empty()) rules.queue_add.push_back(invalid_queue_rule(plan, tool, nullptr, any_fail_closed(plan)));
    rules.queue_add.push_back({tool, "-w", "-I", "FORWARD", "1", "-j", kIptablesChain});
    rules.queue_remove.push_back({tool, "-w", "-D", "FORWARD", "-j", kIptablesChain});
    rules.queue_remove.push_back({tool, "-w", "-F", kIptablesChain});
    rules.queue_remove.push_back({tool, "-w", "-X", kIptablesChain});
}

std::string shell_quote(const std::string& word) {
    if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:,=") ==
                             std::string::npos) {
        return word;
    }
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string{"'\\''"} : std::string(1, c);
    return quoted + "'";
}

}  // namespace

std::string command_text(const CommandLine& command) {
    std::string text;
    for (const auto& word : command) text += (text.empty() ? "" : " ") + shell_quote(word);
    return text;
}

FirewallRules build_firewall_rules(const FirewallPlan& plan) {
    FirewallRules rules;
    rules.nft_ruleset = nft_ruleset(plan);
    add_queue_chain(plan, "iptables", true, rules);
    add_queue_chain(plan, "ip6tables", false, rules);
    rules.nft_remove = {"nft", "delete", "table", "inet", kNftTable};
    return rules;
}

std::string firewall_script(const FirewallRules& rules) {
    std::ostringstream out;
    out << "#!/bin/sh\n# schoolgate firewall rules (schoolgate firewall print). Remove with: schoolgate firewall remove\n"
        << "# Like install, it first removes schoolgate's own rules (and nothing else), so running it twice is safe.\n"
        << "set -e\n"
        << "sysctl -q -w net.netfilter.nf_conntrack_acct=1  # connbytes and ct packets count per connection\n";
    for (const auto& command : rules.queue_remove) {
        // The hook rule may be there more than once (added by hand): delete until it is gone.
        const bool is_unhook = command.size() > 2 && command[2] == "-D";
        if (is_unhook) {
            out << "while " << command_text(command) << " 2>/dev/null; do :; done\n";
        } else {
            out << command_text(command) << " 2>/dev/null || true\n";
        }
    }
    // Declaring the table, deleting it and defining it again in one nft transaction replaces an earlier
    // copy atomically, and works when there is none.
    out << "nft -f - <<'NFT'\n"
        << "table inet " << kNftTable << "\n"
        << "delete table inet " << kNftTable << "\n"
        << rules.nft_ruleset << "NFT\n";
    for (const auto& command : rules.queue_add) out << command_text(command) << "\n";
    return out.str();
}

}  // namespace schoolgate::gateway::enforce
