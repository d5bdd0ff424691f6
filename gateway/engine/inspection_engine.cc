#include "gateway/engine/inspection_engine.h"

#include "classifiers/limits.h"
#include "gateway/events/verdict_event_builder.h"
#include "gateway/identity/resolve_subject.h"

namespace schoolgate::gateway::engine {

namespace {

using classifiers::Direction;
using classifiers::Transport;

constexpr std::uint64_t kExpiryCheckIntervalUs = 1'000'000;

WallTime to_wall_time(std::uint64_t us) { return WallTime{std::chrono::microseconds{us}}; }

// A decided conversation stays queued (PassWatched): its next message may name something else.
PacketVerdict verdict_of(const flow::FlowEntry& flow) noexcept {
    if (flow.blocked) return PacketVerdict::Block;
    // A TCP flow picked up without its SYN stays queued (within the kernel's window): a decoy sent before
    // the SYN must not get the connection marked settled, or the kernel would hand over neither the SYN
    // that starts it again nor the real ClientHello (conntrack keeps the entry and its mark across the SYN).
    if (flow.key.transport == Transport::Tcp && !flow.client_syn_seen) return PacketVerdict::Pass;
    if (flow.stage == flow::FlowStage::Settled) return PacketVerdict::PassSettled;
    const bool watched = flow.decided && flow.inspector && flow.inspector->observations().conversation;
    return watched ? PacketVerdict::PassWatched : PacketVerdict::Pass;
}

}  // namespace

InspectionEngine::InspectionEngine(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                                   events::EventSink& sink)
    : config_(config),
      snapshot_(std::move(snapshot)),
      identity_(config.identity),
      sink_(sink),
      dns_cache_(config.dns_cache_capacity),
      ndpi_(config.ndpi_second_opinion ? std::make_unique<classifiers::ndpi::NdpiModule>() : nullptr),
      flows_(config.flows, [this](flow::FlowEntry& flow, flow::FlowEndReason reason) { on_flow_end(flow, reason); }) {}

void InspectionEngine::set_snapshot(std::shared_ptr<const policy::PolicySnapshot> snapshot) {
    counters_.name_flow_counts(snapshot_->policy->catalogue());  // counted under the old catalogue's ids
    snapshot_ = std::move(snapshot);
}

PacketVerdict InspectionEngine::on_frame(const Frame& frame) {
    const auto outcome = decoder_.decode(frame, counters_);
    return on_decoded(outcome, decoder_.view(), frame.bytes.size());
}

PacketVerdict InspectionEngine::on_decoded(const decode::DecodeOutcome& outcome, const decode::PacketView& packet,
                                          std::size_t wire_bytes) {
    const bool other_ip_protocol = outcome.status == decode::DecodeStatus::NotInspected &&
                                   packet.transport == Transport::Other && packet.ip_protocol != 0;
    if (outcome.status == decode::DecodeStatus::Ok || other_ip_protocol) {
        if (other_ip_protocol) ++counters_.packets_not_inspected;
        return on_packet(packet);
    }
    // Counted and let through: a malformed packet is not ours to judge, and the kernel or the server drops
    // what is really broken.
    counters_.count_undecoded(outcome.status, outcome.anomaly, wire_bytes);
    return PacketVerdict::Pass;
}

PacketVerdict InspectionEngine::on_packet(const decode::PacketView& packet) {
    ++counters_.packets;
    counters_.bytes += packet.frame_bytes;
    const auto now_us = static_cast<std::uint64_t>(packet.ts.time_since_epoch().count());
    if (now_us >= next_expiry_check_us_) {
        flows_.expire_idle(now_us);
        next_expiry_check_us_ = now_us + kExpiryCheckIntervalUs;
    }
    const auto hit = flows_.track(packet);
    if (starts_new_connection(*hit.flow, hit.direction, packet)) restart_connection(*hit.flow, packet);
    if (hit.direction == Direction::ClientToServer && hit.flow->first_client_ttl == 0) hit.flow->first_client_ttl = packet.ttl;
    if (hit.direction == Direction::ClientToServer && hit.flow->client_mac.is_zero()) hit.flow->client_mac = packet.src_mac;
    if (hit.flow->stage == flow::FlowStage::Settled) {
        ++counters_.packets_settled_path;
        return verdict_of(*hit.flow);
    }
    inspect(*hit.flow, hit.direction, packet);
    return verdict_of(*hit.flow);
}

void InspectionEngine::inspect(flow::FlowEntry& flow, Direction direction, const decode::PacketView& packet) {
    if (!flow.inspector) {
        flow.inspector = std::make_unique<classifiers::FlowInspector>(flow.key.transport, flow.server_port(),
                                                                      config_.sees_every_server_packet);
    }
    if (packet.fragment_overlap) note_fragment_overlap(flow.inspector->observations());
    if (packet.transport == Transport::Tcp && is_decoy(flow, direction, packet)) return;
    if (flow.inspector->observations().verdict_per_message) flow.blocked = false;  // this packet's own verdict
    const auto status = feed_inspector(flow, direction, packet);
    // Only news counts against the budget: bytes not seen before that did not move a claimed classifier on.
    // Bare ACKs, duplicates and junk datagrams cost a pupil nothing to send, so they must cost the flow nothing.
    if (!flow.inspector->last_packet_was_news()) {
        if (direction == Direction::ClientToServer) flow::count_up(flow.padding_packets);  // only the client can pad its own flow
    } else if (!flow.inspector->last_segment_progressed()) {
        flow::count_up(flow.inspected_packets);
    }
    if (ndpi_ && flow.key.transport != Transport::Other) ask_ndpi(flow, packet);

    // Decide as soon as there is something to decide on (a name, a technique), and again when a name or a
    // new technique turns up later (a DNS flow that starts to look like a tunnel).
    const auto& seen = flow.inspector->observations();
    const bool new_name = !flow.recorded_host && !seen.host.empty();
    const bool new_technique = seen.techniques.size() > flow.recorded_techniques;
    if (!seen.new_messages.empty()) {
        decide_messages(flow);
    } else if (new_name || new_technique) {
        decide_and_record(flow, flow.last_seen_us);
    }
    if (seen.conversation && seen.messages > 0) {
        follow_conversation(flow, status);
    } else if (status == classifiers::InspectStatus::Done) {
        settle(flow, flow.last_seen_us);
    } else if (flow.inspected_packets >= config_.inspection_packet_budget) {
        ++counters_.inspection_budget_exhausted;
        settle(flow, flow.last_seen_us);
    } else if (flow.inspected_packets + flow.padding_packets >= config_.inspection_packet_cap) {
        settle_padded(flow);
    }
}

// The safety net must not be a way round: a flow that reached it with nothing said is settled there, but as a
// technique, so it is recorded (never allowed silently) and decided by the circumvention rules.
void InspectionEngine::settle_padded(flow::FlowEntry& flow) {
    ++counters_.inspection_packet_cap;
    flow.inspector->observations().note_technique(
        classifiers::Technique::Padding, classifiers::Confidence::Medium,
        std::to_string(flow.padding_packets) + " client packets that said nothing new before the flow said what it was");
    decide_and_record(flow, flow.last_seen_us);  // decided again if a decoy had decided it already
    settle(flow, flow.last_seen_us);
}

classifiers::InspectStatus InspectionEngine::feed_inspector(flow::FlowEntry& flow, Direction direction,
                                                            const decode::PacketView& packet) {
    classifiers::ClassifierContext context{dns_cache_, flow.last_seen_us, &tunnel_detector_};
    auto& inspector = *flow.inspector;
    switch (packet.transport) {
        case Transport::Tcp: {
            // RFC 9293 §3.4: a SYN takes one sequence number, so data it carries (TCP Fast Open, RFC 7413, or
            // an evasion tool putting the ClientHello's start in the SYN) begins at ISN+1.
            const bool syn = (packet.tcp_flags & decode::kTcpSyn) != 0;
            if (syn) inspector.on_tcp_syn(direction, packet.tcp_seq);
            const auto data_seq = packet.tcp_seq + (syn ? 1u : 0u);
            const auto status = inspector.on_tcp_segment(direction, data_seq, packet.payload, context);
            // An RST (in sequence: decoys are screened out before) or a FIN the server can act on ends the
            // first flight. A FIN past a gap waits for the gap like the server does.
            const auto next = inspector.next_client_seq();
            const bool fin_in_order = direction == Direction::ServerToClient || !next ||
                                      *next == data_seq + static_cast<std::uint32_t>(packet.payload.size());
            const bool ends = (packet.tcp_flags & decode::kTcpRst) || ((packet.tcp_flags & decode::kTcpFin) && fin_in_order);
            return ends ? classifiers::InspectStatus::Done : status;
        }
        case Transport::Udp: return inspector.on_udp_datagram(direction, packet.payload, context);
        case Transport::Other: break;
    }
    return inspector.on_other_protocol(packet.ip_protocol, flow.client_address(), flow.server_address());
}

void InspectionEngine::settle(flow::FlowEntry& flow, std::uint64_t at_us) {
    finish_ndpi(flow);
    if (!flow.decided) decide_and_record(flow, at_us);
    if (flow.inspector) {
        for (auto anomaly : flow.inspector->observations().anomalies) counters_.anomalies.add(anomaly);
    }
    flow.inspector.reset();  // settled flows keep no inspection state
    flows_.mark_settled(flow);  // Settled, and no longer counted against its client's share
}

// A flow that carried no name of its own is named by an earlier DNS answer for its server's address.
void InspectionEngine::name_from_dns(const flow::FlowEntry& flow, classifiers::Observations& observations,
                                     std::uint64_t at_us) {
    if (!observations.host.empty()) return;
    if (const auto name = dns_cache_.lookup(flow.server_address(), at_us)) {
        observations.set_host(std::string{*name}, classifiers::HostSource::Dns, observations.classifier);
    }
}

void InspectionEngine::decide_and_record(flow::FlowEntry& flow, std::uint64_t at_us, Recording recording) {
    classifiers::Observations empty;
    auto& observations = flow.inspector ? flow.inspector->observations() : empty;
    name_from_dns(flow, observations, at_us);
    const auto& policy = *snapshot_->policy;
    const auto placement = policy::place_resolved(
        identity::resolve_subject(policy, identity_.get(), flow.client_address(), flow.client_mac, flow.key.vlan_id,
                                  static_cast<std::int64_t>(at_us)),
        policy.subjects(), *config_.link_networks, flow.client_address(), flow.client_mac, at_us);
    policy::FlowQuestion question{flow.key.transport, flow.key.ip_protocol, flow.server_port(), flow.server_address(),
                                  placement.subject, to_wall_time(at_us)};
    const auto assessment = policy::assess_placed(*snapshot_, question, placement, observations);
    // An IPv6 client nothing places leaves evidence whenever it reaches a listed service, whatever the verdict.
    const bool unplaced = placement.placed == policy::Placed::Unplaced;
    const auto& decision = assessment.decision;
    const bool first_decision = !flow.decided;
    if (first_decision) counters_.count_placement(placement.placed);
    const bool later = recording == Recording::LaterMessage;  // its techniques were counted and reported
    const std::size_t known_techniques = later ? flow.recorded_techniques : 0;
    const bool reportable = decision.reportable && observations.techniques.size() > known_techniques;
    flow.decided = true;
    flow.recorded_host = !observations.host.empty();
    flow.recorded_techniques = static_cast<std::uint8_t>(observations.techniques.size());
    flow.blocked = decision.action == config::model::Action::Block;
    counters_.count_decision(observations, decision.action, first_decision, known_techniques);
    if (first_decision && question.subject.network.empty() && question.subject.device.empty()) ++counters_.flows_unidentified;
    if (decision.action != config::model::Action::Allow || reportable || config_.record_allowed ||
        recording == Recording::Always || (unplaced && observations.service != classifiers::kNoService)) {
        record(flow, observations, question.subject, assessment, at_us);
    }
    // After the flow's own event, so the alert follows the attempt that raised it.
    if (!flow.blocked) return;
    if (auto alert = alerts_.on_blocked(*snapshot_, {flow.client_address(), question.subject, observations, decision,
                                                     question.at})) {
        sink_.record(*alert);
        ++counters_.alerts_raised;
    }
}

void InspectionEngine::on_flow_end(flow::FlowEntry& flow, flow::FlowEndReason) {
    if (flow.stage == flow::FlowStage::Inspecting) settle(flow, flow.last_seen_us);
}

}  // namespace schoolgate::gateway::engine
