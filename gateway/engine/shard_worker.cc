#include "gateway/engine/shard_worker.h"

#include <algorithm>

#include "gateway/engine/flow_shard.h"

namespace schoolgate::gateway::engine {

EngineConfig worker_share(EngineConfig config, std::size_t workers) {
    workers = std::max<std::size_t>(workers, 1);
    config.flows.capacity = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(config.flows.capacity / workers));
    return config;
}

ShardWorker::ShardWorker(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                         events::EventSink& sink, std::size_t shard, std::size_t shards)
    : engine_(config, std::move(snapshot), sink), shard_(shard), shards_(std::max<std::size_t>(shards, 1)) {}

void ShardWorker::on_placed(const Frame& frame, std::optional<std::size_t> placed) {
    if (placed && *placed != shard_) {
        decoder_.pass_time(frame.ts, reassembly());
        return;
    }
    const auto outcome = decoder_.decode_uncounted(frame, reassembly());
    if (!placed && decoded_shard(outcome, decoder_.view(), shards_) != shard_) return;
    decoder_.count_reassembled(decoded_);
    engine_.on_decoded(outcome, decoder_.view(), frame.bytes.size());
}

void ShardWorker::finish() {
    decoder_.finish(reassembly());
    engine_.finish();
}

EngineCounters ShardWorker::counters() const {
    auto total = engine_.counters();
    total += decoded_;
    return total;
}

}  // namespace schoolgate::gateway::engine
