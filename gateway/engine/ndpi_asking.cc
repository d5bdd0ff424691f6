// nDPI's second opinion on the flows none of our classifiers claims: asked while its answer can still be
// read, and not after (docs/performance.md 5g-b, "Decided flows").
#include "classifiers/ndpi/ndpi_gate.h"
#include "gateway/engine/inspection_engine.h"

namespace schoolgate::gateway::engine {

namespace {

// How long nDPI reads a TCP connection picked up in its middle (no client SYN seen: open before the engine
// saw it, or its entry expired or was evicted): up to the flow's 16th packet, then its guess is taken. nDPI
// recognises a protocol by its opening, which such a flow does not carry; on the reference capture every
// TCP reading nDPI finished by itself came by a flow's 8th packet, and its 2,214 mid-stream flows were fed
// 7.4 packets each (HTTP by port: 35), with the same readings at 16. A connection the engine saw open keeps
// nDPI's own budget (NdpiFlow::kMaxTcpPackets), and one that starts again with a SYN is read afresh
// (restart_connection), so packets sent ahead of a SYN cannot spend the real connection's reading.
constexpr std::uint32_t kMidstreamTcpPackets = 16;

bool stays_on_local_link(const flow::FlowEntry& flow) noexcept {
    const auto& low = flow.key.low_address;
    const auto& high = flow.key.high_address;
    return low.is_multicast() || high.is_multicast() || low.is_limited_broadcast() || high.is_limited_broadcast();
}

}  // namespace

// Fed while the flow is inspected, decided or not: an answer that comes while it is inspected goes into its
// observations, and a name or technique it brings decides the flow again (inspect(): new_name,
// new_technique), so a flow decided already (allowed on a low-confidence signal, say) is still blocked when
// nDPI then reads a VPN in it. Its protocol is read by every later decision of the flow too (the service,
// for a flow no name or range names: identify_service; the event's `ndpi` object).
void InspectionEngine::ask_ndpi(flow::FlowEntry& flow, const decode::PacketView& packet) {
    using Step = classifiers::ndpi::NdpiOpinion::Step;
    // An unclaimed UDP flow stays open to our probes for its first datagrams (junk first is an evasion),
    // but nDPI's opinion of it is taken as before, at its first datagram; feeding nDPI the probing window
    // too cost about a tenth of the replay's time on the reference capture and named nothing more there.
    const auto answered_by = classifiers::ndpi::answered_by(*flow.inspector, snapshot_->ndpi_services);
    // Its guess then is read: a name or technique in it decides the flow again below in inspect().
    if (flow.key.transport == classifiers::Transport::Udp && answered_by.empty() && flow.packets > 1) {
        flow.ndpi.finish(flow.server_port(), &flow.inspector->observations());
        return;
    }
    // A connection picked up in its middle: nDPI's guess is taken here, and read like any other.
    const bool midstream = flow.key.transport == classifiers::Transport::Tcp && !flow.client_syn_seen;
    if (midstream && answered_by.empty() && flow.packets > kMidstreamTcpPackets) {
        flow.ndpi.finish(flow.server_port(), &flow.inspector->observations());
        return;
    }
    const auto step = flow.ndpi.observe(*ndpi_, answered_by, stays_on_local_link(flow),
                                        packet.ip_packet, packet.payload, flow.last_seen_us / 1000,
                                        flow.server_port(), flow.inspector->observations());
    if (step == Step::Started) ++counters_.ndpi_flows;
    if (step == Step::Started || step == Step::Fed) ++counters_.ndpi_packets;
    if (step == Step::SkippedLocal) ++counters_.ndpi_flows_local_skipped;
}

// nDPI's best guess (ndpi_detection_giveup: by address and port) is asked for only where it will be read.
// A decided flow is never decided again once its inspection ends: settle() decides only an undecided flow,
// then frees the inspector and the observations the guess would go into. So a decided flow's guess would be
// recorded nowhere (not in an event, an alert or a counter), and its nDPI state is freed without one. An
// answer nDPI gave while the flow was still inspected was taken then (ask_ndpi) and is not touched.
void InspectionEngine::finish_ndpi(flow::FlowEntry& flow) {
    if (flow.ndpi.done()) return;
    if (flow.decided || !flow.inspector) {
        if (flow.decided) ++counters_.ndpi_guesses_not_needed;
        flow.ndpi.forget();
        return;
    }
    flow.ndpi.finish(flow.server_port(), &flow.inspector->observations());
}

}  // namespace schoolgate::gateway::engine
