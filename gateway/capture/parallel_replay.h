#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "common/time/wall_time.h"
#include "gateway/capture/pcap_file_source.h"
#include "gateway/capture/shared_walk.h"
#include "gateway/engine/shard_worker.h"
#include "gateway/events/serialized_event_sink.h"

namespace schoolgate::gateway::capture {

/// replay --workers N on a capture read in place, with no reader thread: the workers walk the mapped file
/// themselves, a chunk at a time, whoever is ahead listing the next chunk's frames for all (SharedWalk),
/// and each inspects only its shard's frames (engine::ShardWorker), so nothing is decoded twice (but
/// fragments and the frames the pre-parse cannot place), copied or handed over per packet
/// (docs/performance.md, section 5g-a). The events are the same as one engine's (flow ids aside) and go to
/// one sink one at a time, in the order the workers reach it, as with engine::ShardedEngine; the counters
/// add up to one engine's. Captures libpcap must read (pcapng, pipes) take engine::ShardedEngine instead.
class ParallelReplay {
public:
    /// Null when the capture is not read in place.
    static std::unique_ptr<ParallelReplay> open(const std::string& path, const engine::EngineConfig& config,
                                                std::shared_ptr<const policy::PolicySnapshot> snapshot,
                                                events::EventSink& sink, std::size_t workers,
                                                SharedWalk::Shape shape = {});
    ~ParallelReplay();
    ParallelReplay(const ParallelReplay&) = delete;
    ParallelReplay& operator=(const ParallelReplay&) = delete;

    /// Runs every worker to the end of the capture (`first_packet_at`: replay --school-time) and settles
    /// every flow. Fails with the capture's error when it ended badly (every worker stops at the same
    /// packet; those before it were inspected). Rethrows the first exception a worker hit. Once.
    Result<void, std::string> run(std::optional<WallTime> first_packet_at);

    /// All workers' counts together; call after run().
    engine::EngineCounters counters() const;
    flow::FlowTableCounters flow_counters() const;
    std::size_t workers() const noexcept { return workers_.size(); }

private:
    struct Worker {
        std::unique_ptr<PcapFileSource> pages;  ///< reads nothing: says which pages this worker is done with
        engine::EngineConfig config;
        std::shared_ptr<const policy::PolicySnapshot> snapshot;
        std::size_t index = 0;
        /// Made on the worker's own thread: an engine takes about 0.1 s to make (nDPI's tables, the flow
        /// table), which several workers then spend side by side.
        std::optional<engine::ShardWorker> shard;
        std::string capture_error;
        std::exception_ptr failure;
        std::thread thread;
    };

    explicit ParallelReplay(events::EventSink& sink) : sink_(sink) {}
    void run_worker(Worker& worker) noexcept;
    bool inspect(Worker& worker, const SharedWalk::Chunk& chunk) noexcept;

    events::SerializedEventSink sink_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::unique_ptr<PcapFileSource> cursor_;  ///< the walk's reader, until run()
    std::unique_ptr<SharedWalk> walk_;
    decode::LinkType cursor_link_ = decode::LinkType::Ethernet;
    SharedWalk::Shape shape_;
};

}  // namespace schoolgate::gateway::capture
