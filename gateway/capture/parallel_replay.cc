#include "gateway/capture/parallel_replay.h"

#include <algorithm>

#include "gateway/time/school_time_shift.h"

namespace schoolgate::gateway::capture {

std::unique_ptr<ParallelReplay> ParallelReplay::open(const std::string& path, const engine::EngineConfig& config,
                                                     std::shared_ptr<const policy::PolicySnapshot> snapshot,
                                                     events::EventSink& sink, std::size_t workers) {
    workers = std::max<std::size_t>(workers, 1);
    auto sources = PcapFileSource::open_shared(path, workers);
    if (sources.empty()) return nullptr;
    std::unique_ptr<ParallelReplay> replay{new ParallelReplay(sink)};
    const auto each = engine::worker_share(config, workers);
    for (std::size_t shard = 0; shard < workers; ++shard) {
        auto& worker = *replay->workers_.emplace_back(std::make_unique<Worker>());
        worker.source = std::move(sources[shard]);
        worker.config = each;
        worker.snapshot = snapshot;
        worker.index = shard;
        worker.workers = workers;
    }
    return replay;
}

ParallelReplay::~ParallelReplay() {
    for (auto& worker : workers_) {
        if (worker->thread.joinable()) worker->thread.join();
    }
}

void ParallelReplay::run_worker(Worker& worker, std::optional<WallTime> first_packet_at) noexcept {
    try {
        worker.shard.emplace(worker.config, std::move(worker.snapshot), sink_, worker.index, worker.workers);
        // Every worker sees the first packet, so each works out the same shift.
        auto shift = time::SchoolTimeShift::first_packet_at(first_packet_at);
        const auto link = worker.source->link_type();
        CapturedPacket captured;
        while (true) {
            const auto status = worker.source->next(captured);
            if (!status.ok()) {
                worker.capture_error = status.error();
                break;
            }
            if (status.value() == ReadStatus::EndOfFile) break;
            // The span rebuilt from its two words, as in replay's loop (no store-forwarding stall).
            const std::span<const std::uint8_t> frame{captured.frame.data(), captured.frame.size()};
            worker.shard->on_frame({link, frame, shift.apply(captured.ts), {}});
        }
        worker.shard->finish();
    } catch (...) {
        worker.failure = std::current_exception();
    }
}

Result<void, std::string> ParallelReplay::run(std::optional<WallTime> first_packet_at) {
    for (auto& worker : workers_) {
        worker->thread = std::thread{[this, w = worker.get(), first_packet_at] { run_worker(*w, first_packet_at); }};
    }
    for (auto& worker : workers_) worker->thread.join();
    for (auto& worker : workers_) {
        if (worker->failure) std::rethrow_exception(worker->failure);
    }
    // Every worker read the same file to the same place: the first one's error is everyone's.
    const auto& error = workers_.front()->capture_error;
    if (!error.empty()) return Result<void, std::string>::failure(error);
    return Result<void, std::string>::success();
}

engine::EngineCounters ParallelReplay::counters() const {
    engine::EngineCounters total;
    for (const auto& worker : workers_) {
        if (worker->shard) total += worker->shard->counters();
    }
    return total;
}

flow::FlowTableCounters ParallelReplay::flow_counters() const {
    flow::FlowTableCounters total;
    for (const auto& worker : workers_) {
        if (worker->shard) total += worker->shard->flow_counters();
    }
    return total;
}

}  // namespace schoolgate::gateway::capture
