#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "gateway/engine/live_engine.h"
#include "gateway/enforce/nfqueue_socket.h"

namespace schoolgate::gateway::enforce {

/// One NFQUEUE queue and the thread that serves it with its own engine (flows never cross queues:
/// --queue-balance hashes on addresses, so both directions of a connection land on the same queue).
class InlineWorker {
public:
    InlineWorker(std::unique_ptr<NfqueueSocket> socket, std::unique_ptr<engine::LiveEngine> engine);
    ~InlineWorker();
    InlineWorker(const InlineWorker&) = delete;
    InlineWorker& operator=(const InlineWorker&) = delete;

    void start();
    /// Asks the thread to stop; it gives every packet already queued its verdict first.
    void request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }
    void join();

    const engine::LiveEngine& engine() const noexcept { return *engine_; }
    QueueSocketCounters queue_counters() const;
    std::uint16_t queue_number() const noexcept { return socket_->number(); }

private:
    void run();
    QueueVerdict on_packet(const QueuedPacket& packet);

    std::unique_ptr<NfqueueSocket> socket_;
    std::unique_ptr<engine::LiveEngine> engine_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    decode::PacketView view_;
    mutable std::mutex counters_mutex_;
    QueueSocketCounters published_queue_counters_;
};

}  // namespace schoolgate::gateway::enforce
