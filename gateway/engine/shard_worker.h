#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "gateway/engine/frame_decoder.h"
#include "gateway/engine/inspection_engine.h"
#include "gateway/engine/quick_shard.h"

namespace schoolgate::gateway::engine {

/// One of several workers that each read the whole capture for themselves (replay --workers N on a capture
/// read in place: capture::ParallelReplay), with no reader thread between the file and the engines. Every
/// worker is handed every frame, in capture order, and inspects only its own shard's: quick_shard()
/// places most frames from a few fixed offsets, so the others' cost no decoding and no copy; the rest
/// (IP fragments, VLAN tags, IPv6 extension headers, cooked links, whatever the pre-parse cannot read) are
/// decoded by every worker and kept by the one decoded_shard() names.
///
/// So that the workers together count and decide what one engine would: every worker reassembles every
/// fragment (a datagram's own ports place it, and its fragments' timeouts run on every frame's time, as in
/// one engine), the reassembler's own anomalies (overlaps, limits, timeouts) are counted by worker 0 only,
/// and a frame that completes a datagram is counted by the datagram's worker. Frames only counted
/// (malformed, not IP, unfinished fragments) are counted by exactly one worker. Each worker's engine sees
/// its own packets' times (idle expiry), as with engine::ShardedEngine. Not thread-safe: one per thread.
class ShardWorker {
public:
    ShardWorker(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                events::EventSink& sink, std::size_t shard, std::size_t shards);

    /// Every frame of the capture, in order.
    void on_frame(const Frame& frame) { on_placed(frame, quick_shard(frame.link, frame.bytes, shards_)); }
    /// The same for a frame quick_shard() has placed already (capture::SharedWalk does it once for all).
    void on_placed(const Frame& frame, std::optional<std::size_t> placed);
    /// The end of the capture: unfinished datagrams time out and every open flow is settled.
    void finish();

    /// The engine's counts and this worker's share of decoding's.
    EngineCounters counters() const;
    flow::FlowTableCounters flow_counters() const { return engine_.flow_table().counters(); }

private:
    classifiers::AnomalyCounters& reassembly() noexcept { return shard_ == 0 ? decoded_.anomalies : repeated_; }

    InspectionEngine engine_;
    FrameDecoder decoder_;
    EngineCounters decoded_;  ///< what decoding counted for this worker
    classifiers::AnomalyCounters repeated_;  ///< reassembly's anomalies worker 0 counts already (not reported)
    std::size_t shard_;
    std::size_t shards_;
};

/// A worker's share of `config` when `workers` engines share a capture: the flow table capacity is the
/// total, so memory is the same as one engine's.
EngineConfig worker_share(EngineConfig config, std::size_t workers);

}  // namespace schoolgate::gateway::engine
