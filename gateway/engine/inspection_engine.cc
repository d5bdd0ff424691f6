#include "gateway/engine/inspection_engine.h"

#include "classifiers/host_name.h"
#include "config/policy/decide.h"
#include "gateway/events/verdict_event.h"

namespace schoolgate::gateway::engine {

namespace {

using classifiers::Direction;
using classifiers::HostSource;
using classifiers::Transport;

constexpr std::uint64_t kExpiryCheckIntervalUs = 1'000'000;

WallTime to_wall_time(std::uint64_t us) { return WallTime{std::chrono::microseconds{us}}; }

}  // namespace

InspectionEngine::InspectionEngine(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                                   events::EventSink& sink)
    : config_(config),
      snapshot_(std::move(snapshot)),
      sink_(sink),
      dns_cache_(config.dns_cache_capacity),
      flows_(config.flows, [this](flow::FlowEntry& flow, flow::FlowEndReason reason) { on_flow_end(flow, reason); }) {}

void InspectionEngine::set_snapshot(std::shared_ptr<const policy::PolicySnapshot> snapshot) noexcept {
    snapshot_ = std::move(snapshot);
}

void InspectionEngine::on_undecoded(const decode::DecodeOutcome& outcome, std::size_t wire_bytes) noexcept {
    ++counters_.packets;
    counters_.bytes += wire_bytes;
    switch (outcome.status) {
        case decode::DecodeStatus::Ok: break;
        case decode::DecodeStatus::NotInspected: ++counters_.packets_not_inspected; break;
        case decode::DecodeStatus::Fragment:
            ++counters_.packets_fragmented;
            counters_.anomalies.add(outcome.anomaly);
            break;
        case decode::DecodeStatus::Malformed:
            ++counters_.packets_malformed;
            counters_.anomalies.add(outcome.anomaly);
            break;
    }
}

namespace {

PacketVerdict verdict_of(const flow::FlowEntry& flow) noexcept {
    if (flow.blocked) return PacketVerdict::Block;
    return flow.stage == flow::FlowStage::Settled ? PacketVerdict::PassSettled : PacketVerdict::Pass;
}

}  // namespace

PacketVerdict InspectionEngine::on_packet(const decode::PacketView& packet) {
    ++counters_.packets;
    counters_.bytes += packet.frame_bytes;
    const auto now_us = static_cast<std::uint64_t>(packet.ts.time_since_epoch().count());
    if (now_us >= next_expiry_check_us_) {
        flows_.expire_idle(now_us);
        next_expiry_check_us_ = now_us + kExpiryCheckIntervalUs;
    }
    const auto hit = flows_.track(packet);
    if (hit.direction == Direction::ClientToServer && hit.flow->client_mac.is_zero()) hit.flow->client_mac = packet.src_mac;
    if (hit.flow->stage == flow::FlowStage::Settled) {
        ++counters_.packets_settled_path;
        return verdict_of(*hit.flow);
    }
    inspect(*hit.flow, hit.direction, packet);
    return verdict_of(*hit.flow);
}

void InspectionEngine::inspect(flow::FlowEntry& flow, Direction direction, const decode::PacketView& packet) {
    if (!flow.inspector) flow.inspector = std::make_unique<classifiers::FlowInspector>(flow.key.transport, flow.server_port());
    classifiers::ClassifierContext context{dns_cache_, flow.last_seen_us};
    auto status = classifiers::InspectStatus::NeedMore;
    if (packet.transport == Transport::Tcp) {
        if (packet.tcp_flags & decode::kTcpSyn) flow.inspector->on_tcp_syn(direction, packet.tcp_seq);
        status = flow.inspector->on_tcp_segment(direction, packet.tcp_seq, packet.payload, context);
        // FIN or RST ends the first flight: nothing more will come to inspect.
        if (packet.tcp_flags & (decode::kTcpFin | decode::kTcpRst)) status = classifiers::InspectStatus::Done;
    } else {
        status = flow.inspector->on_udp_datagram(direction, packet.payload, context);
    }
    if (!flow.inspector->last_segment_progressed()) ++flow.inspected_packets;

    if (!flow.decided && !flow.inspector->observations().host.empty()) decide_and_record(flow, flow.last_seen_us);
    if (status == classifiers::InspectStatus::Done) {
        settle(flow, flow.last_seen_us);
    } else if (flow.inspected_packets >= config_.inspection_packet_budget) {
        ++counters_.inspection_budget_exhausted;
        settle(flow, flow.last_seen_us);
    }
}

void InspectionEngine::settle(flow::FlowEntry& flow, std::uint64_t at_us) {
    if (!flow.decided) decide_and_record(flow, at_us);
    if (flow.inspector) {
        for (auto anomaly : flow.inspector->observations().anomalies) counters_.anomalies.add(anomaly);
    }
    flow.inspector.reset();  // settled flows keep no inspection state
    flow.stage = flow::FlowStage::Settled;
}

// Names the flow when it carried no name of its own: first from an earlier DNS answer for the server's
// address, then from the catalogue's IP ranges.
void InspectionEngine::identify(const flow::FlowEntry& flow, classifiers::Observations& observations,
                                std::uint64_t at_us) {
    const auto& catalogue = snapshot_->policy->catalogue();
    if (observations.host.empty()) {
        if (const auto name = dns_cache_.lookup(flow.server_address(), at_us)) {
            observations.set_host(std::string{*name}, HostSource::Dns, observations.classifier);
        }
    }
    if (!observations.host.empty()) {
        if (classifiers::is_ip_literal(observations.host)) {
            observations.service = catalogue.match_address(*net::IpAddress::parse(observations.host));
        } else {
            observations.service = catalogue.match_host(observations.host);
        }
        return;
    }
    observations.service = catalogue.match_address(flow.server_address());
    if (observations.service != classifiers::kNoService) observations.host_source = HostSource::Ip;
}

void InspectionEngine::decide_and_record(flow::FlowEntry& flow, std::uint64_t at_us) {
    classifiers::Observations empty;
    auto& observations = flow.inspector ? flow.inspector->observations() : empty;
    identify(flow, observations, at_us);
    const auto& policy = *snapshot_->policy;
    const auto subject = policy.subjects().identify(flow.client_address(), flow.client_mac, flow.key.vlan_id);
    const auto decision = config::decide(policy, subject, observations, to_wall_time(at_us));
    flow.decided = true;
    flow.blocked = decision.action == config::model::Action::Block;
    ++counters_.flows_decided;
    ++counters_.names_by_source[static_cast<std::size_t>(observations.host_source)];
    const std::string service{policy.catalogue().name(observations.service)};
    const auto verdict = config::model::action_name(decision.action);
    ++counters_.flows_by_service[service.empty() ? "(none)" : service];
    ++counters_.flows_by_verdict[std::string{verdict}];
    if (decision.action == config::model::Action::Allow && !config_.record_allowed) return;

    events::VerdictEvent event;
    event.ts = to_wall_time(at_us);
    event.policy_generation = snapshot_->generation;
    event.flow_id = flow.id;
    event.transport = flow.key.transport;
    event.src_ip = flow.client_address();
    event.src_port = flow.client_port();
    event.dst_ip = flow.server_address();
    event.dst_port = flow.server_port();
    event.vlan_id = flow.key.vlan_id;
    event.host = observations.host;
    event.host_source = observations.host_source;
    event.service = service;
    event.classifier = observations.classifier;
    event.tls = observations.tls;
    event.observations = classifiers::handshake_shape_names(observations.handshake_shape);
    for (auto anomaly : observations.anomalies) event.anomalies.push_back(classifiers::anomaly_name(anomaly));
    event.role = subject.role;
    event.user = subject.user;
    event.device = subject.device;
    event.period = config::period_label(decision.moment);
    if (decision.exemption) event.exemption = decision.exemption->written.id;
    event.verdict = verdict;
    event.rule = decision.rule;
    event.reason = decision.reason;
    event.school_time = policy.local_time_text(event.ts);
    event.packets = flow.packets;
    sink_.record(event);
    ++counters_.events_written;
}

void InspectionEngine::on_flow_end(flow::FlowEntry& flow, flow::FlowEndReason) {
    if (flow.stage == flow::FlowStage::Inspecting) settle(flow, flow.last_seen_us);
}

void InspectionEngine::finish() { flows_.end_all(); }

}  // namespace schoolgate::gateway::engine
