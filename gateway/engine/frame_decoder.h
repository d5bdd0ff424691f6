#pragma once

#include <cstdint>
#include <span>

#include "classifiers/observations.h"
#include "gateway/decode/ip_reassembler.h"
#include "gateway/decode/packet_decoder.h"
#include "gateway/engine/engine_counters.h"
#include "gateway/engine/frame.h"

namespace schoolgate::gateway::engine {

/// The one place a frame becomes a packet, for every source and every engine: decodes it, stamps it with
/// the frame's time and, where the link gave none, its MAC, and hands IP fragments to the reassembler
/// (decode::IpReassembler), so replay and passive read the datagram a server would. Inline, netfilter's
/// conntrack has reassembled before the queue, so no fragment comes this way (e2e evasion_ip_fragments).
///
/// A fragment that does not complete its datagram comes back as DecodeStatus::Fragment (the engine counts
/// it and lets it pass). The one that completes it comes back as the datagram (Ok, or whatever decoding it
/// says), counted here as a fragment and a reassembled datagram, so that every frame is counted once.
/// Reassembly's anomalies (overlap, limits, timeouts, evictions) go to the counters given.
/// Not thread-safe: one per reader thread.
class FrameDecoder {
public:
    explicit FrameDecoder(const decode::ReassemblyLimits& limits = {}) : reassembler_(limits) {}

    decode::DecodeOutcome decode(const Frame& frame, EngineCounters& counters) noexcept;
    /// The packet decode() last produced; its spans view bytes(), valid until the next call.
    const decode::PacketView& view() const noexcept { return view_; }
    /// What view() points into: the frame, or the reassembled datagram.
    std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }
    /// The end of the capture: datagrams still missing fragments are counted (ip.fragment_timeout).
    void finish(EngineCounters& counters) { reassembler_.finish(counters.anomalies); }
    const decode::IpReassembler& reassembler() const noexcept { return reassembler_; }

private:
    decode::DecodeOutcome reassemble(const Frame& frame, decode::DecodeOutcome outcome, EngineCounters& counters);

    decode::IpReassembler reassembler_;
    decode::PacketView view_;
    std::span<const std::uint8_t> bytes_;
};

/// Records technique ip.fragment_overlap on a flow whose datagram came from ambiguous fragments.
void note_fragment_overlap(classifiers::Observations& observations);

}  // namespace schoolgate::gateway::engine
