#include "tools/schoolgate/explain_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "gateway/policy/subject_placement.h"
#include "tools/common/explain_output.h"
#include "tools/common/explain_question.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

void add_who_options(CLI::App& explain, ExplainOptions& options) {
    auto* ip = explain.add_option("--ip", options.ip, "the device's IP address");
    auto* mac = explain.add_option("--mac", options.mac, "the device's MAC address");
    auto* user = explain.add_option("--user", options.user, "a user id from the policy");
    auto* device = explain.add_option("--device", options.device, "a device name from the policy");
    ip->excludes(user)->excludes(device);
    mac->excludes(user)->excludes(device);
    user->excludes(device);
    explain.add_option("--vlan", options.vlan, "the VLAN the device's packets came on");
    explain.callback([ip, mac, user, device] {
        if (!ip->count() && !mac->count() && !user->count() && !device->count()) {
            throw CLI::ValidationError("give --ip, --mac, --user or --device");
        }
    });
}

void add_flow_options(CLI::App& explain, ExplainOptions& options) {
    auto* host = explain.add_option("--host", options.host, "the name the flow carried, e.g. www.instagram.com");
    auto* service = explain.add_option("--service", options.service, "a service by its catalogue id, e.g. instagram");
    host->excludes(service);
    explain.add_option("--other-host", options.other_host,
                       "the name a differing copy of the flow's bytes gave (events' other_host)")->needs(host);
    explain.add_option("--server", options.server, "the server's IP address (published ranges, resolvers)");
    explain.add_option("--port", options.port, "the server's port (default 443)");
    explain.add_option("--transport", options.transport, "tcp (default), udp, esp, gre, icmp or an IP protocol number");
    explain.add_option("--classifier", options.classifier,
                       "what read the flow: tls, quic, dns, http, ..., none (default: by transport and port)");
    explain.add_option("--host-source", options.host_source, "how the name was learnt (events' host_source)");
    explain.add_option("--alpn", options.alpn, "an ALPN protocol the ClientHello offered (repeatable)");
    explain.add_flag("--ech", options.ech, "the ClientHello carried Encrypted ClientHello");
    explain.add_option("--technique", options.techniques,
                       "a technique seen on the flow, TECHNIQUE[:low|medium|high], e.g. vpn.wireguard (repeatable)");
    explain.add_option("--ndpi", options.ndpi, "nDPI's reading of the flow, e.g. TLS.Facebook");
}

}  // namespace

ExplainOptions& add_explain_command(CLI::App& app) {
    static ExplainOptions options;
    auto* explain = app.add_subcommand("explain", "Explain the engine's verdict for a flow: who, what, when");
    explain->add_option("--policy", options.policy, "school policy (YAML)")->required();
    explain->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    add_who_options(*explain, options);
    add_flow_options(*explain, options);
    explain->add_option("--at", options.at, "school-local time, e.g. 2026-03-04T10:15 (default: now)");
    explain->add_option("--format", options.format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
    return options;
}

int run_explain(const ExplainOptions& o) {
    const auto snapshot = load_policy_snapshot(o.policy, o.catalogue, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    const auto at = school_instant(policy, o.at, "--at");
    if (!at) return kExitConfigError;
    auto flow = explained_flow(o, *snapshot, *at, std::cerr);
    if (!flow) return kExitConfigError;

    std::vector<config::RuleMiss> misses;
    // Placed as the engine places it (gateway/policy/subject_placement.h), with nothing learnt: explain has
    // seen no device's IPv4 traffic, so an IPv6 address no network claims is unplaced, as for a new device.
    gateway::policy::SubjectPlacement placement{flow->question.subject};
    if (const auto ip = net::IpAddress::parse(o.ip); o.user.empty() && o.device.empty() && ip && !ip->is_v4()) {
        gateway::policy::LinkNetworkMemory nothing_learnt;
        placement = gateway::policy::place_subject(policy.subjects(), nothing_learnt, *ip,
                                                   net::MacAddress::parse(o.mac).value_or(net::MacAddress{}), o.vlan, 0);
    }
    const auto assessment = gateway::policy::assess_placed(*snapshot, flow->question, placement, flow->observations, &misses);
    if (o.format == "json") {
        print_explanation_json(std::cout, policy, *flow, assessment, misses);
    } else {
        print_explanation_text(std::cout, policy, *flow, assessment, misses);
    }
    return kExitOk;
}

}  // namespace schoolgate::tools
