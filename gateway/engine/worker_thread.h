#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "gateway/engine/live_engine.h"

namespace schoolgate::gateway::engine {

/// Where a live worker's packets come from (an NFQUEUE socket, a live capture), as its thread sees it.
class PacketSource {
public:
    virtual ~PacketSource() = default;
    /// Hands the engine whatever arrives within `wait`. False when the source has failed for good.
    virtual bool serve(std::chrono::milliseconds wait) = 0;
    /// At a stop: hands over what the source already holds (inline: every queued packet gets its verdict).
    virtual void drain() {}
    /// Between batches, after the engine's tick (publish the source's own counters).
    virtual void after_batch() {}
};

/// The thread every live worker runs, inline and passive alike: serve the source until asked to stop or
/// until it fails, letting the engine adopt a newly published policy and publish its counters between
/// batches; then drain the source and settle the engine's flows. The source and the engine must outlive it.
class WorkerThread {
public:
    WorkerThread(PacketSource& source, LiveEngine& engine) noexcept : source_(source), engine_(engine) {}
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    void start();
    /// Asks the thread to stop; it notices within one serve() wait.
    void request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }
    void join();
    /// True once the source has failed for good (and the thread has stopped serving it).
    bool failed() const noexcept { return failed_.load(std::memory_order_acquire); }
    /// Rounds of the loop so far (one at least every kPollInterval while the source is idle): a count that
    /// stops going up means the thread is stuck (the daemon's watchdog reads it). Any thread may read it.
    std::uint64_t rounds() const noexcept { return rounds_.load(std::memory_order_relaxed); }

    /// TESTS ONLY (schoolgated's --test-only-hang-workers-after-rounds): after `rounds` rounds the thread stops
    /// serving its source and going round, as a hung worker would, until asked to stop. Call before start().
    void hang_after_rounds_for_test(std::uint64_t rounds) noexcept { hang_after_ = rounds; }

private:
    static constexpr std::chrono::milliseconds kPollInterval{100};  // how soon a stop or a policy is noticed

    void run();

    PacketSource& source_;
    LiveEngine& engine_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> failed_{false};
    std::atomic<std::uint64_t> rounds_{0};
    std::uint64_t hang_after_ = 0;  ///< 0: never (the only value outside tests)
    std::thread thread_;
};

}  // namespace schoolgate::gateway::engine
