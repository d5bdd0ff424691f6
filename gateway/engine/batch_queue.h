#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "gateway/engine/packet_batch.h"

namespace schoolgate::gateway::engine {

/// A blocking queue of batches between two threads. One lock per batch of up to 256 packets, so the
/// hand-over costs a few instructions a packet. A null batch means "no more".
class BatchQueue {
public:
    void push(std::unique_ptr<PacketBatch> batch) {
        {
            const std::lock_guard lock{mutex_};
            batches_.push_back(std::move(batch));
        }
        ready_.notify_one();
    }

    std::unique_ptr<PacketBatch> pop() {
        std::unique_lock lock{mutex_};
        ready_.wait(lock, [&] { return !batches_.empty(); });
        auto batch = std::move(batches_.front());
        batches_.pop_front();
        return batch;
    }

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::unique_ptr<PacketBatch>> batches_;
};

}  // namespace schoolgate::gateway::engine
