#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "gateway/engine/batch_queue.h"
#include "gateway/engine/frame_consumer.h"
#include "gateway/engine/frame_decoder.h"
#include "gateway/engine/inspection_engine.h"
#include "gateway/events/serialized_event_sink.h"

namespace schoolgate::gateway::engine {

/// Several InspectionEngines, each on its own thread with its own flow table, nDPI module, DNS cache and
/// attempt counts, fed by one reader (replay of a capture libpcap reads: pcapng, pipes) through batches.
/// A classic pcap read in place takes capture::ParallelReplay instead, where each worker reads for itself
/// (ShardWorker) and there is no reader thread to be the bottleneck. flow_shard() picks the worker, so a flow
/// and its client's other flows stay on one engine; the policy snapshot is the only thing they share,
/// read-only. Events from all workers go to one sink, one at a time; their order across workers follows
/// the threads, not the capture (each worker's own events stay in packet order).
///
/// The flow table capacity in `config` is the total: each worker gets its share, so memory is the same as
/// one engine's. The reader blocks when a worker is kBatchesPerWorker batches behind.
class ShardedEngine final : public FrameConsumer {
public:
    static constexpr std::size_t kBatchesPerWorker = 8;

    ShardedEngine(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                  events::EventSink& sink, std::size_t workers);
    ~ShardedEngine();
    ShardedEngine(const ShardedEngine&) = delete;
    ShardedEngine& operator=(const ShardedEngine&) = delete;

    /// Decodes the frame here (to pick its worker; fragments are reassembled here, before the flows are
    /// spread) and queues a copy for that worker. Answers Pass: the
    /// worker decides later, on its own thread (replay only, where nothing is enforced).
    PacketVerdict on_frame(const Frame& frame) override;
    /// Hands over what is queued, lets every worker settle its open flows and waits for them. Rethrows
    /// the first exception a worker hit.
    void finish() override;

    /// All workers' counts together; call after finish().
    EngineCounters counters() const override;
    flow::FlowTableCounters flow_counters() const override;
    std::size_t workers() const noexcept { return workers_.size(); }

private:
    struct Worker {
        Worker(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
               events::EventSink& sink);
        InspectionEngine engine;
        BatchQueue full;   ///< reader -> worker; a null batch ends the worker
        BatchQueue empty;  ///< worker -> reader, for reuse
        std::unique_ptr<PacketBatch> filling;  ///< the reader's batch being filled (reader thread only)
        std::exception_ptr failure;
        std::thread thread;
    };

    /// Queues one decoded frame for its worker. `frame` is copied; `view` must point into it.
    void on_decoded(const decode::DecodeOutcome& outcome, const decode::PacketView& view,
                    std::span<const std::uint8_t> frame);
    static void run(Worker& worker) noexcept;
    static void hand_over(Worker& worker);

    events::SerializedEventSink sink_;
    std::vector<std::unique_ptr<Worker>> workers_;
    FrameDecoder decoder_;      ///< on_frame's decoding buffer and IP reassembly (reader thread only)
    EngineCounters reader_counters_;  ///< what the reader counted: reassembly (reader thread, read after finish)
    bool finished_ = false;
};

}  // namespace schoolgate::gateway::engine
