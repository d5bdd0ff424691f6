#include "gateway/enforce/firewall_rules.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "gateway/enforce/connection_marks.h"
#include "gateway/enforce/queue_verdict.h"

namespace schoolgate::gateway::enforce {
namespace {

net::Cidr cidr(const char* text) { return net::Cidr::parse(text).value(); }

std::string joined(const CommandLine& command) {
    std::string text;
    for (const auto& word : command) text += (text.empty() ? "" : " ") + word;
    return text;
}

FirewallPlan hillside_plan() {
    FirewallPlan plan;
    plan.inspect_packets = 20;
    plan.networks = {{"pupil-wifi", cidr("10.20.0.0/16"), true}, {"staff-wifi", cidr("10.30.0.0/16"), false}};
    return plan;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(FirewallRulesTest)

BOOST_AUTO_TEST_CASE(queue_rules_bypass_only_on_fail_open_networks) {
    const auto rules = build_firewall_rules(hillside_plan());
    std::string pupil, staff;
    for (const auto& command : rules.queue_add) {
        const auto text = joined(command);
        if (text.find("connbytes") == std::string::npos) continue;
        if (text.find("10.20.0.0/16") != std::string::npos) pupil = text;
        if (text.find("10.30.0.0/16") != std::string::npos) staff = text;
    }
    // Every IP protocol (no -p): ESP, GRE and ICMP reach the engine like TCP and UDP.
    BOOST_TEST(pupil ==
               "iptables -w -A SCHOOLGATE -m conntrack --ctorigsrc 10.20.0.0/16 -m connbytes --connbytes 0:20 "
               "--connbytes-dir both --connbytes-mode packets -j NFQUEUE --queue-num 1 -m comment --comment "
               "schoolgate pupil-wifi fail-closed");
    BOOST_TEST(staff.find("--queue-bypass") != std::string::npos);
}

// A dual-stack school whose policy names only IPv4 networks: IPv6 was not queued at all, so a pupil's
// IPv6 address went round the filter. Now every forwarded IPv6 connection is queued, fail-closed when any
// listed network is (the pupils' network here), and counted when it passes without a verdict.
BOOST_AUTO_TEST_CASE(ipv6_is_queued_even_when_the_policy_lists_only_ipv4_networks) {
    const auto rules = build_firewall_rules(hillside_plan());
    std::string v6_queue;
    for (const auto& command : rules.queue_add) {
        if (command[0] == "ip6tables" && joined(command).find("connbytes") != std::string::npos) v6_queue = joined(command);
    }
    BOOST_TEST(v6_queue == "ip6tables -w -A SCHOOLGATE -m connbytes --connbytes 0:20 --connbytes-dir both "
                           "--connbytes-mode packets -j NFQUEUE --queue-num 1");
    BOOST_TEST(joined(rules.queue_add.back()) == "ip6tables -w -I FORWARD 1 -j SCHOOLGATE");
    BOOST_TEST(rules.nft_ruleset.find("ct packets < 21 meta nfproto ipv6 counter name queue_bypassed") != std::string::npos);
}

// A packet conntrack calls INVALID (a wrong checksum, outside its window) has no connection for the rules
// above to match: it passed uninspected. It is queued by source address, fail-closed where the network is.
BOOST_AUTO_TEST_CASE(packets_conntrack_calls_invalid_are_queued_too) {
    const auto rules = build_firewall_rules(hillside_plan());
    std::vector<std::string> invalid;
    for (const auto& command : rules.queue_add) {
        if (joined(command).find("INVALID") != std::string::npos) invalid.push_back(joined(command));
    }
    BOOST_REQUIRE(invalid.size() == 3u);  // the two IPv4 networks, and IPv6 (no network of its own listed)
    BOOST_TEST(invalid[0] == "iptables -w -A SCHOOLGATE -s 10.20.0.0/16 -m conntrack --ctstate INVALID -j NFQUEUE "
                             "--queue-num 1 -m comment --comment schoolgate pupil-wifi invalid");
    BOOST_TEST(invalid[1].find("--queue-bypass") != std::string::npos);
    BOOST_TEST(invalid[2] == "ip6tables -w -A SCHOOLGATE -m conntrack --ctstate INVALID -j NFQUEUE --queue-num 1");
}

BOOST_AUTO_TEST_CASE(decided_connections_leave_the_queue_and_several_queues_balance) {
    auto plan = hillside_plan();
    plan.first_queue = 4;
    plan.queues = 2;
    const auto rules = build_firewall_rules(plan);
    BOOST_TEST(joined(rules.queue_add[1]) == "iptables -w -A SCHOOLGATE -m connmark ! --mark 0x0/0x300 -j RETURN");
    BOOST_TEST(joined(rules.queue_add[2]).find("--queue-balance 6:7") != std::string::npos);  // pupil-wifi, fail-closed
    BOOST_TEST(joined(rules.queue_add[4]).find("--queue-balance 4:5") != std::string::npos);  // staff-wifi
}

// The kernel's overflow behaviour belongs to the queue (the daemon binds fail-open queues with
// NFQA_CFG_F_FAIL_OPEN): when every network shared one queue, a fail-closed network's packets passed
// uninspected whenever the queue overflowed. Fail-closed networks now have queues of their own after the
// fail-open ones, which the daemon binds without that flag.
BOOST_AUTO_TEST_CASE(fail_closed_networks_have_queues_of_their_own) {
    const auto rules = build_firewall_rules(hillside_plan());
    for (const auto& command : rules.queue_add) {
        const auto text = joined(command);
        if (text.find("NFQUEUE") == std::string::npos) continue;
        const bool fail_closed = text.find("--queue-bypass") == std::string::npos;
        BOOST_TEST(text.find(fail_closed ? "--queue-num 1" : "--queue-num 0") != std::string::npos, text);
    }
    BOOST_TEST(fail_closed_first_queue(4, 2) == 6u);
}

// Conversations (DNS, plain HTTP, QUIC before its handshake ends) stay queued past the window while the
// engine reads them (the watched mark); before, every connection left the queue at the window, and a long
// keep-alive connection's later requests were never seen.
BOOST_AUTO_TEST_CASE(watched_connections_stay_queued_past_the_window) {
    const auto rules = build_firewall_rules(hillside_plan());
    BOOST_TEST(joined(rules.queue_add[3]) ==
               "iptables -w -A SCHOOLGATE -m conntrack --ctorigsrc 10.20.0.0/16 -m connmark --mark 0x800/0x800 -j "
               "NFQUEUE --queue-num 1 -m comment --comment schoolgate pupil-wifi fail-closed watched");
    const auto& nft = rules.nft_ruleset;
    BOOST_TEST(nft.find("meta mark & 0x800 == 0x800 ct mark set ct mark | 0x800") != std::string::npos);
    // A watched connection's packets without a verdict are counted as bypassed, past the window too.
    BOOST_TEST(nft.find("meta mark & 0x400 == 0 ct mark & 0xb00 == 0x800 ct original ip saddr 10.20.0.0/16 counter "
                        "name queue_bypassed") != std::string::npos);
    BOOST_TEST(nft.find("ct mark & 0xb00 == 0 ct packets < 21") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nft_table_enforces_marks_and_counts_the_bypass_per_network) {
    const auto rules = build_firewall_rules(hillside_plan());
    const auto& nft = rules.nft_ruleset;
    BOOST_TEST(nft.find("table inet schoolgate {") == 0u);
    BOOST_TEST(nft.find("ct mark & 0x100 == 0x100 meta l4proto tcp counter reject with tcp reset") != std::string::npos);
    BOOST_TEST(nft.find("meta mark & 0x100 == 0x100 ct mark set ct mark | 0x100 counter drop") != std::string::npos);
    BOOST_TEST(nft.find("ct packets < 21 ct original ip saddr 10.20.0.0/16 counter name queue_bypassed") !=
               std::string::npos);
    BOOST_TEST(joined(rules.nft_remove) == "nft delete table inet schoolgate");
    // An ICMP error shares its connection's conntrack entry: its verdict never marks the connection (found by
    // e2e evasion_decoys_that_die_on_the_way: the router's time-exceeded for a decoy settled the connection).
    const auto related = nft.find("ct state related accept");
    BOOST_TEST(related != std::string::npos);
    BOOST_TEST(related < nft.find("ct mark set ct mark | 0x200"));
    BOOST_TEST(related < nft.find("ct mark set ct mark | 0x100"));
}

BOOST_AUTO_TEST_CASE(ipv6_networks_get_ip6tables_and_no_networks_means_everything_fail_open) {
    FirewallPlan plan;
    plan.networks = {{"v6", cidr("2001:db8::/32"), false}};
    auto rules = build_firewall_rules(plan);
    bool v6_network_queued = false;
    for (const auto& command : rules.queue_add) {
        v6_network_queued = v6_network_queued || (command[0] == "ip6tables" &&
                                                   joined(command).find("--ctorigsrc 2001:db8::/32") != std::string::npos);
    }
    BOOST_TEST(v6_network_queued);
    BOOST_TEST(rules.nft_ruleset.find("ct original ip6 saddr 2001:db8::/32") != std::string::npos);
    rules = build_firewall_rules(FirewallPlan{});
    BOOST_TEST(joined(rules.queue_add[2]).find("--ctorigsrc") == std::string::npos);
    BOOST_TEST(joined(rules.queue_add[2]).find("--queue-bypass") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(script_quotes_comments_for_the_shell) {
    const auto script = firewall_script(build_firewall_rules(hillside_plan()));
    BOOST_TEST(script.find("--comment 'schoolgate pupil-wifi fail-closed'") != std::string::npos);
    BOOST_TEST(script.find("nft -f - <<'NFT'") != std::string::npos);
}

// The printed script may be run again (docs/deploy.md): like install it removes schoolgate's own rules first,
// and replaces the nft table in one transaction. tests/docs/check_firewall_script.py runs it twice for real.
BOOST_AUTO_TEST_CASE(script_removes_its_own_rules_before_adding_them) {
    const auto script = firewall_script(build_firewall_rules(hillside_plan()));
    const auto unhook = script.find("while iptables -w -D FORWARD -j SCHOOLGATE 2>/dev/null; do :; done");
    const auto remove_chain = script.find("iptables -w -X SCHOOLGATE 2>/dev/null || true");
    const auto replace_table = script.find("table inet schoolgate\ndelete table inet schoolgate\ntable inet schoolgate {");
    const auto create_chain = script.find("iptables -w -N SCHOOLGATE\n");
    BOOST_TEST(unhook != std::string::npos);
    BOOST_TEST(remove_chain != std::string::npos);
    BOOST_TEST(replace_table != std::string::npos);
    BOOST_TEST(create_chain != std::string::npos);
    BOOST_TEST(unhook < remove_chain);
    BOOST_TEST(remove_chain < create_chain);
}

BOOST_AUTO_TEST_CASE(verdicts_mark_packets_and_keep_other_mark_bits) {
    decode::PacketView tls;
    tls.dst_port = 443;
    const std::uint32_t routing_mark = 0x70000001;  // a policy-routing mark schoolgate must not disturb
    auto verdict = queue_verdict(engine::PacketVerdict::Pass, tls, routing_mark);
    BOOST_TEST(verdict.accept);
    BOOST_TEST(verdict.mark == (routing_mark | kMarkInspected));
    verdict = queue_verdict(engine::PacketVerdict::PassSettled, tls, routing_mark | kMarkBlocked);
    BOOST_TEST(verdict.mark == (routing_mark | kMarkInspected | kMarkSettled));
    verdict = queue_verdict(engine::PacketVerdict::Block, tls, 0);
    BOOST_TEST(verdict.accept);  // the nft rule after the queue marks the connection, then resets
    BOOST_TEST(verdict.mark == (kMarkInspected | kMarkBlocked));
    verdict = queue_verdict(engine::PacketVerdict::PassWatched, tls, routing_mark);
    BOOST_TEST(verdict.accept);
    BOOST_TEST(verdict.mark == (routing_mark | kMarkInspected | kMarkWatched));
    decode::PacketView dns;
    dns.transport = classifiers::Transport::Udp;
    dns.dst_port = 53;
    verdict = queue_verdict(engine::PacketVerdict::Block, dns, 0);
    BOOST_TEST(!verdict.accept);  // the query alone; the client socket's other queries go on
    BOOST_TEST((verdict.mark & kMarkBlocked) == 0u);
    dns.transport = classifiers::Transport::Tcp;  // over TCP the query is in the stream: the connection is cut
    verdict = queue_verdict(engine::PacketVerdict::Block, dns, 0);
    BOOST_TEST(verdict.mark == (kMarkInspected | kMarkBlocked));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::enforce
