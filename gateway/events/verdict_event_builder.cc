#include "gateway/events/verdict_event_builder.h"

#include <array>
#include <string>

namespace schoolgate::gateway::events {

namespace {

// "ip/<n>" for every protocol number, built once: events hold views, never their own copies.
const std::array<std::string, 256>& other_protocol_names() {
    static const std::array<std::string, 256> names = [] {
        std::array<std::string, 256> built;
        for (std::size_t number = 0; number < built.size(); ++number) built[number] = "ip/" + std::to_string(number);
        return built;
    }();
    return names;
}

std::vector<TechniqueRecord> technique_records(const config::FlowDecision& decision) {
    std::vector<TechniqueRecord> records;
    records.reserve(decision.techniques.size());
    for (const auto& verdict : decision.techniques) {
        records.push_back({classifiers::technique_name(verdict.signal->technique),
                           classifiers::confidence_name(verdict.signal->confidence), verdict.signal->evidence,
                           config::model::technique_action_name(verdict.action)});
    }
    return records;
}

}  // namespace

FlowRecordFacts record_facts(const flow::FlowEntry& flow) {
    return {flow.id,          flow.key.transport,    flow.key.ip_protocol, flow.client_address(), flow.client_port(),
            flow.server_address(), flow.server_port(), flow.key.vlan_id,     flow.packets};
}

std::string_view transport_name(classifiers::Transport transport, std::uint8_t ip_protocol) noexcept {
    switch (transport) {
        case classifiers::Transport::Tcp: return "tcp";
        case classifiers::Transport::Udp: return "udp";
        case classifiers::Transport::Other: break;
    }
    switch (ip_protocol) {
        case 1: return "icmp";
        case 47: return "gre";
        case 50: return "esp";
        case 58: return "icmpv6";
        default: return other_protocol_names()[ip_protocol];
    }
}

VerdictEvent build_verdict_event(const FlowRecordFacts& flow, const classifiers::Observations& observations,
                                 const config::Subject& subject, const policy::Assessment& assessment,
                                 const policy::PolicySnapshot& snapshot, WallTime at) {
    const auto& policy = *snapshot.policy;
    const auto& decision = assessment.decision;
    VerdictEvent event;
    event.kind = decision.reportable ? "circumvention" : "verdict";
    event.ts = at;
    event.policy_generation = snapshot.generation;
    event.flow_id = flow.id;
    event.transport = flow.transport;
    if (flow.transport == classifiers::Transport::Other) event.other_transport = transport_name(flow.transport, flow.ip_protocol);
    event.src_ip = flow.client;
    event.src_port = flow.client_port;
    event.dst_ip = flow.server;
    event.dst_port = flow.server_port;
    event.vlan_id = flow.vlan_id;
    event.host = observations.host;
    event.other_host = observations.other_host;
    event.host_source = observations.host_source;
    event.service = std::string{policy.catalogue().name(observations.service)};
    if (!event.service.empty()) event.service_source = assessment.service_source;
    event.classifier = observations.classifier;
    event.tls = observations.tls;
    event.observations = classifiers::handshake_shape_names(observations.handshake_shape);
    for (auto anomaly : observations.anomalies) event.anomalies.push_back(classifiers::anomaly_name(anomaly));
    event.techniques = technique_records(decision);
    event.ndpi_protocol = observations.ndpi_protocol;
    event.ndpi_risks = observations.ndpi_risks;
    event.role = subject.role;
    event.user = subject.user;
    event.device = subject.device;
    event.identity_source = subject.identity_source;
    const auto at_us = at.time_since_epoch().count();
    if (subject.bound_since_us >= 0 && at_us >= subject.bound_since_us) {
        event.binding_age_s = static_cast<std::uint64_t>((at_us - subject.bound_since_us) / 1'000'000);
    }
    event.period = config::period_label(decision.service.moment);
    if (decision.service.exemption && decision.action != config::model::Action::Block) {
        event.exemption = decision.service.exemption->written.id;
    }
    event.verdict = config::model::action_name(decision.action);
    event.rule = decision.rule;
    event.reason = decision.reason;
    event.school_time = policy.local_time_text(event.ts);
    event.packets = flow.packets;
    return event;
}

}  // namespace schoolgate::gateway::events
