#pragma once

#include <memory>
#include <mutex>

#include "gateway/engine/live_engine.h"
#include "gateway/engine/worker_thread.h"
#include "gateway/enforce/nfqueue_socket.h"

namespace schoolgate::gateway::enforce {

/// One NFQUEUE queue and the engine::WorkerThread that serves it with its own engine (flows never cross
/// queues: --queue-balance hashes on addresses, so both directions of a connection land on the same queue).
class InlineWorker final : private engine::PacketSource {
public:
    InlineWorker(std::unique_ptr<NfqueueSocket> socket, std::unique_ptr<engine::LiveEngine> engine);

    /// Stops and joins the thread before any part it uses goes.
    ~InlineWorker() override {
        thread_.request_stop();
        thread_.join();
    }
    InlineWorker(const InlineWorker&) = delete;
    InlineWorker& operator=(const InlineWorker&) = delete;

    void start() { thread_.start(); }
    /// Asks the thread to stop; it gives every packet already queued its verdict first.
    void request_stop() noexcept { thread_.request_stop(); }
    void join() { thread_.join(); }
    /// Rounds of the worker's loop so far (engine::WorkerThread::rounds): the watchdog's sign of progress.
    std::uint64_t rounds() const noexcept { return thread_.rounds(); }
    /// TESTS ONLY: engine::WorkerThread::hang_after_rounds_for_test.
    void hang_after_rounds_for_test(std::uint64_t rounds) noexcept { thread_.hang_after_rounds_for_test(rounds); }

    const engine::LiveEngine& engine() const noexcept { return *engine_; }
    QueueSocketCounters queue_counters() const;
    std::uint16_t queue_number() const noexcept { return socket_->number(); }

private:
    bool serve(std::chrono::milliseconds wait) override;
    void drain() override;
    void after_batch() override;
    QueueVerdict on_packet(const QueuedPacket& packet);

    std::unique_ptr<NfqueueSocket> socket_;
    std::unique_ptr<engine::LiveEngine> engine_;
    const NfqueueSocket::Handler handler_;
    mutable std::mutex counters_mutex_;
    QueueSocketCounters published_queue_counters_;
    engine::WorkerThread thread_;  ///< last: joined before the parts it uses go
};

}  // namespace schoolgate::gateway::enforce
