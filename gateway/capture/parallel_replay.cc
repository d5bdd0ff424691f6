#include "gateway/capture/parallel_replay.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <system_error>

namespace schoolgate::gateway::capture {

std::unique_ptr<ParallelReplay> ParallelReplay::open(const std::string& path, const engine::EngineConfig& config,
                                                     std::shared_ptr<const policy::PolicySnapshot> snapshot,
                                                     events::EventSink& sink, std::size_t workers,
                                                     SharedWalk::Shape shape) {
    // A frame's worker is one byte in the walk's list, SharedWalk::kEveryone the frames every worker decodes.
    workers = std::clamp<std::size_t>(workers, 1, SharedWalk::kEveryone - 1);
    // One reader per worker (their pages) and one that walks the file for all of them.
    auto sources = PcapFileSource::open_shared(path, workers + 1);
    if (sources.empty()) return nullptr;
    std::unique_ptr<ParallelReplay> replay{new ParallelReplay(sink)};
    const auto each = engine::worker_share(config, workers);
    for (std::size_t index = 0; index < workers; ++index) {
        auto& worker = *replay->workers_.emplace_back(std::make_unique<Worker>());
        worker.pages = std::move(sources[index]);
        worker.config = each;
        worker.snapshot = snapshot;
        worker.index = index;
    }
    replay->cursor_ = std::move(sources[workers]);
    replay->shape_ = shape;
    return replay;
}

ParallelReplay::~ParallelReplay() {
    for (auto& worker : workers_) {
        if (worker->thread.joinable()) worker->thread.join();
    }
}

namespace {

constexpr std::size_t kPrefetchAhead = 32;

void prefetch(const SharedWalk::Entry& entry, std::size_t worker) noexcept {
    if (entry.worker != worker && entry.worker != SharedWalk::kEveryone) return;
    __builtin_prefetch(entry.frame.data());
    if (entry.frame.size() > 64) __builtin_prefetch(entry.frame.subspan(64).data());
}

}  // namespace

bool ParallelReplay::inspect(Worker& worker, const SharedWalk::Chunk& chunk) noexcept {
    try {
        worker.pages->done_before(chunk.begin);
        const auto link = cursor_link_;
        const auto& entries = chunk.entries;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            // Another core listed these frames: fetch this worker's next ones before it decodes them.
            if (i + kPrefetchAhead < entries.size()) prefetch(entries[i + kPrefetchAhead], worker.index);
            const auto& entry = entries[i];
            std::optional<std::size_t> placed;
            if (entry.worker != SharedWalk::kEveryone) placed = entry.worker;
            worker.shard->on_placed({link, entry.frame, entry.ts, {}}, placed);
        }
        return true;
    } catch (...) {
        worker.failure = std::current_exception();
        return false;
    }
}

// A worker that failed keeps taking and releasing chunks to the end, so that the others never wait for it.
void ParallelReplay::run_worker(Worker& worker) noexcept {
    bool failed = false;
    try {
        worker.shard.emplace(worker.config, std::move(worker.snapshot), sink_, worker.index, workers_.size());
    } catch (...) {
        worker.failure = std::current_exception();
        failed = true;
    }
    for (std::size_t number = 0;; ++number) {
        const auto& chunk = walk_->acquire(number);
        if (!failed) failed = !inspect(worker, chunk);
        if (failed) worker.pages->done_before(chunk.begin);  // still let the file's pages go behind it
        const bool last = chunk.last;
        if (last) worker.capture_error = chunk.error;
        walk_->release(number);
        if (last) break;
    }
    if (failed) return;
    try {
        worker.shard->finish();
    } catch (...) {
        worker.failure = std::current_exception();
    }
}

Result<void, std::string> ParallelReplay::run(std::optional<WallTime> first_packet_at) {
    cursor_link_ = cursor_->link_type();
    walk_ = std::make_unique<SharedWalk>(std::move(cursor_), workers_.size(), first_packet_at, shape_);
    // Every thread waits for all to exist: a worker that cannot be started would leave the others waiting
    // for ever for its share of each chunk, so then none starts and the run fails.
    std::atomic<int> start{0};  // 0: wait, 1: go, 2: give up
    std::string refused;
    for (auto& worker : workers_) {
        try {
            worker->thread = std::thread{[this, w = worker.get(), &start] {
                start.wait(0);
                if (start.load() == 1) run_worker(*w);
            }};
        } catch (const std::system_error& error) {
            refused = error.what();
            break;
        }
    }
    start.store(refused.empty() ? 1 : 2);
    start.notify_all();
    for (auto& worker : workers_) {
        if (worker->thread.joinable()) worker->thread.join();
    }
    if (!refused.empty()) return Result<void, std::string>::failure("cannot start the replay's worker threads: " + refused);
    for (auto& worker : workers_) {
        if (worker->failure) std::rethrow_exception(worker->failure);
    }
    // Every worker met the same end: the first one's error is everyone's.
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
