#pragma once

#include <cstdint>
#include <optional>
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

    decode::DecodeOutcome decode(const Frame& frame, EngineCounters& counters) noexcept {
        const auto outcome = decode_uncounted(frame, counters.anomalies);
        count_reassembled(counters);
        return outcome;
    }
    /// The same in two halves, for workers that each reassemble every fragment of a capture but count only
    /// their own packets (ShardWorker): the reassembler's own anomalies (overlaps, limits, timeouts) go to
    /// `reassembly`; count_reassembled() then counts the frame that completed a datagram, if this one did.
    decode::DecodeOutcome decode_uncounted(const Frame& frame, classifiers::AnomalyCounters& reassembly) noexcept;
    void count_reassembled(EngineCounters& counters) const noexcept {
        if (!completed_) return;
        ++counters.packets_fragmented;
        counters.anomalies.add(*completed_);
        ++counters.datagrams_reassembled;
    }
    /// A frame this decoder is not asked to decode passed at `ts`: datagrams it outlived time out, as
    /// decode() would have let them.
    void pass_time(WallTime ts, classifiers::AnomalyCounters& reassembly) noexcept {
        reassembler_.expire(static_cast<std::uint64_t>(ts.time_since_epoch().count()), reassembly);
    }
    /// The packet decode() last produced; its spans view bytes(), valid until the next call.
    const decode::PacketView& view() const noexcept { return view_; }
    /// What view() points into: the frame, or the reassembled datagram.
    std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }
    /// The end of the capture: datagrams still missing fragments are counted (ip.fragment_timeout).
    void finish(EngineCounters& counters) { finish(counters.anomalies); }
    void finish(classifiers::AnomalyCounters& reassembly) { reassembler_.finish(reassembly); }
    const decode::IpReassembler& reassembler() const noexcept { return reassembler_; }

private:
    decode::DecodeOutcome reassemble(const Frame& frame, decode::DecodeOutcome outcome,
                                     classifiers::AnomalyCounters& reassembly);

    decode::IpReassembler reassembler_;
    decode::PacketView view_;
    std::span<const std::uint8_t> bytes_;
    /// The fragment's anomaly (ipv4.fragment, ipv6.fragment) when the last frame completed a datagram.
    std::optional<classifiers::Anomaly> completed_;
};

/// Records technique ip.fragment_overlap on a flow whose datagram came from ambiguous fragments.
void note_fragment_overlap(classifiers::Observations& observations);

}  // namespace schoolgate::gateway::engine
