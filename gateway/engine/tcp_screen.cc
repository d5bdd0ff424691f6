// The engine's TCP screen: decide on what the server receives. Evasion tools send segments the server
// drops (short TTL, wrong checksum, an MD5 option, no ACK, a bad acknowledgement or sequence number, an old
// timestamp) carrying a fake ClientHello for an allowed site, a FIN or an RST, so that a filter reading
// every packet settles the flow on the fake. Such a segment is never read as the flow's bytes; it is
// evidence itself (technique tcp.decoy), costs the flow no budget and counts against the padding safety net.

#include "classifiers/limits.h"
#include "gateway/decode/transport_checksum.h"
#include "gateway/engine/inspection_engine.h"

namespace schoolgate::gateway::engine {

namespace {

using classifiers::Direction;
using classifiers::stream::ChecksumState;
using classifiers::stream::DecoyReason;

bool is_client_syn(const decode::PacketView& packet) noexcept {
    return (packet.tcp_flags & (decode::kTcpSyn | decode::kTcpAck)) == decode::kTcpSyn;
}

ChecksumState checksum_of(const decode::PacketView& packet) noexcept {
    switch (decode::check_transport_checksum(packet)) {
        case decode::ChecksumCheck::Valid: return ChecksumState::Valid;
        case decode::ChecksumCheck::Bad: return ChecksumState::Bad;
        // From NFQUEUE a field left for the NIC without the kernel saying so came that way off the wire.
        case decode::ChecksumCheck::Offloaded:
            return packet.checksums_final ? ChecksumState::Bad : ChecksumState::NotJudged;
        case decode::ChecksumCheck::Unknown: return ChecksumState::NotJudged;
    }
    return ChecksumState::NotJudged;
}

// `with_options`: the header's window and options are read (they matter for client segments and SYNs; of
// the server's other segments the judge reads only the sequence numbers).
classifiers::stream::TcpSegment segment_of(const decode::PacketView& packet, bool with_checksum,
                                           bool with_options = true) noexcept {
    return {packet.tcp_flags, packet.tcp_seq, packet.tcp_ack, static_cast<std::uint32_t>(packet.payload.size()),
            packet.ttl, with_checksum ? checksum_of(packet) : ChecksumState::NotJudged,
            with_options ? decode::tcp_header_facts(packet) : classifiers::stream::TcpHeaderFacts{}};
}

}  // namespace

// A client SYN with a new ISN on a known 5-tuple is a new connection (the port reused, or the first
// packets were a decoy sent before the SYN, which picked the flow up mid-stream and may have named it).
bool InspectionEngine::starts_new_connection(const flow::FlowEntry& flow, Direction direction,
                                             const decode::PacketView& packet) const noexcept {
    if (packet.transport != classifiers::Transport::Tcp || direction != Direction::ClientToServer) return false;
    if (!is_client_syn(packet) || flow.packets <= 1) return false;
    return !flow.client_syn_seen || packet.tcp_seq != flow.client_isn;
}

void InspectionEngine::restart_connection(flow::FlowEntry& flow, const decode::PacketView& syn) {
    if (flow.stage == flow::FlowStage::Inspecting) settle(flow, flow.last_seen_us);  // decided on what it had
    // What came before a SYN from further away than the SYN itself could not have reached the server: a
    // decoy sent ahead of the connection, evidence on the connection it was sent to mislead about.
    const bool decoy_before = !flow.client_syn_seen && flow.first_client_ttl != 0 && flow.first_client_ttl < syn.ttl;
    const auto decoy_ttl = flow.first_client_ttl;
    flows_.reopen(flow);
    flow.ndpi = {};  // the new connection is nDPI's to read again from its start
    flow.first_client_ttl = syn.ttl;
    flow.inspected_packets = 0;
    flow.padding_packets = 0;
    flow.decided = false;
    flow.blocked = false;
    flow.recorded_host = false;
    flow.recorded_techniques = 0;
    flow.client_syn_seen = false;
    flow.inspector.reset();
    ++counters_.connections_restarted;
    if (!decoy_before) return;
    flow.inspector = std::make_unique<classifiers::FlowInspector>(flow.key.transport, flow.server_port(),
                                                                  config_.sees_every_server_packet);
    flow::count_up(flow.padding_packets);
    flow.inspector->observations().note_technique(
        classifiers::Technique::TcpDecoy, classifiers::Confidence::Medium,
        "packets before the SYN with TTL " + std::to_string(decoy_ttl) + ", below the SYN's " +
            std::to_string(syn.ttl) + ": they could not reach the server, a decoy sent ahead of the connection");
}

bool InspectionEngine::is_decoy(flow::FlowEntry& flow, Direction direction, const decode::PacketView& packet) {
    auto& judge = flow.inspector->decoy_judge();
    if (direction == Direction::ServerToClient) {
        judge.on_server_segment(segment_of(packet, false, (packet.tcp_flags & decode::kTcpSyn) != 0));
        return false;
    }
    if (is_client_syn(packet)) {
        judge.on_client_syn(segment_of(packet, true));
        flow.client_syn_seen = true;
        flow.client_isn = packet.tcp_seq;
        return false;
    }
    // The checksum reads every byte: only for segments whose bytes or flags would be acted on. A bare ACK is
    // never read, so a wrong checksum on one changes nothing.
    const bool acted_on = !packet.payload.empty() || (packet.tcp_flags & (decode::kTcpFin | decode::kTcpRst));
    const auto segment = segment_of(packet, acted_on);
    const auto next = flow.inspector->next_client_seq();
    const auto reason = judge.judge_client(segment, next ? &*next : nullptr);
    if (reason == DecoyReason::None) return false;
    record_decoy(flow, classifiers::stream::describe(reason, segment, judge.connection_ttl()));
    return true;
}

void InspectionEngine::record_decoy(flow::FlowEntry& flow, std::string why) {
    ++counters_.decoy_packets;
    flow::count_up(flow.padding_packets);
    auto& observations = flow.inspector->observations();
    if (!observations.has_technique(classifiers::Technique::TcpDecoy)) {
        observations.note_technique(classifiers::Technique::TcpDecoy, classifiers::Confidence::Medium,
                                    std::move(why) + ", a decoy for the filter");
        decide_and_record(flow, flow.last_seen_us);
    }
    if (flow.padding_packets + flow.inspected_packets >= config_.inspection_packet_cap) settle_padded(flow);
}

}  // namespace schoolgate::gateway::engine
