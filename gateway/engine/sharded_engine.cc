#include "gateway/engine/sharded_engine.h"

#include <algorithm>
#include <stdexcept>

#include "gateway/engine/flow_shard.h"
#include "gateway/engine/shard_worker.h"

namespace schoolgate::gateway::engine {

ShardedEngine::Worker::Worker(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                              events::EventSink& sink)
    : engine(config, std::move(snapshot), sink), filling(std::make_unique<PacketBatch>()) {
    for (std::size_t i = 1; i < kBatchesPerWorker; ++i) empty.push(std::make_unique<PacketBatch>());
}

ShardedEngine::ShardedEngine(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                             events::EventSink& sink, std::size_t workers)
    : sink_(sink) {
    workers = std::max<std::size_t>(workers, 1);
    const auto each = worker_share(config, workers);
    for (std::size_t i = 0; i < workers; ++i) workers_.push_back(std::make_unique<Worker>(each, snapshot, sink_));
    for (auto& worker : workers_) worker->thread = std::thread{[w = worker.get()] { run(*w); }};
}

ShardedEngine::~ShardedEngine() {
    if (finished_) return;
    try {
        finish();
    } catch (...) {  // a destructor must not throw; finish() is where failures are reported
    }
}

PacketVerdict ShardedEngine::on_frame(const Frame& frame) {
    const auto outcome = decoder_.decode(frame, reader_counters_);
    on_decoded(outcome, decoder_.view(), decoder_.bytes());
    return PacketVerdict::Pass;
}

void ShardedEngine::on_decoded(const decode::DecodeOutcome& outcome, const decode::PacketView& view,
                               std::span<const std::uint8_t> frame) {
    if (frame.size() > PacketBatch::kBufferBytes) throw std::length_error{"frame larger than a packet batch"};
    Worker& worker = *workers_[decoded_shard(outcome, view, workers_.size())];
    if (!worker.filling->fits(frame.size())) hand_over(worker);
    worker.filling->add(outcome, view, frame);
}

void ShardedEngine::hand_over(Worker& worker) {
    worker.full.push(std::move(worker.filling));
    worker.filling = worker.empty.pop();  // waits while the worker is kBatchesPerWorker behind
}

void ShardedEngine::run(Worker& worker) noexcept {
    bool failed = false;
    while (auto batch = worker.full.pop()) {
        // After a failure the worker keeps returning batches, so the reader never waits for it forever.
        if (!failed) {
            try {
                for (const auto& item : batch->items()) worker.engine.on_decoded(item.outcome, item.view, item.wire_bytes);
            } catch (...) {
                worker.failure = std::current_exception();
                failed = true;
            }
        }
        batch->clear();
        worker.empty.push(std::move(batch));
    }
    if (failed) return;
    try {
        worker.engine.finish();
    } catch (...) {
        worker.failure = std::current_exception();
    }
}

void ShardedEngine::finish() {
    if (finished_) return;
    finished_ = true;
    decoder_.finish(reader_counters_);
    for (auto& worker : workers_) {
        if (!worker->filling->empty()) worker->full.push(std::move(worker->filling));
        worker->full.push(nullptr);
    }
    for (auto& worker : workers_) worker->thread.join();
    for (auto& worker : workers_) {
        if (worker->failure) std::rethrow_exception(worker->failure);
    }
}

EngineCounters ShardedEngine::counters() const {
    EngineCounters total = reader_counters_;
    for (const auto& worker : workers_) total += worker->engine.counters();
    return total;
}

flow::FlowTableCounters ShardedEngine::flow_counters() const {
    flow::FlowTableCounters total;
    for (const auto& worker : workers_) total += worker->engine.flow_table().counters();
    return total;
}

}  // namespace schoolgate::gateway::engine
