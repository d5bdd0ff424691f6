#pragma once

#include <memory>
#include <string>

#include "gateway/capture/live_pcap_source.h"
#include "gateway/capture/tcp_reset_sender.h"
#include "gateway/engine/live_engine.h"
#include "gateway/engine/worker_thread.h"

namespace schoolgate::gateway::capture {

/// Passive mode's one worker: live capture -> engine, on an engine::WorkerThread; verdicts are recorded as
/// events and nothing is enforced (a mirror port cannot drop anything), unless resets are asked for.
class PassiveWorker final : private engine::PacketSource {
public:
    /// `resets` (optional): reset blocked TCP connections from the mirror port - racy, see TcpResetSender.
    PassiveWorker(std::unique_ptr<LivePcapSource> source, std::unique_ptr<engine::LiveEngine> engine,
                  std::unique_ptr<TcpResetSender> resets = nullptr);

    /// Stops and joins the thread before any part it uses goes.
    ~PassiveWorker() override {
        thread_.request_stop();
        thread_.join();
    }
    PassiveWorker(const PassiveWorker&) = delete;
    PassiveWorker& operator=(const PassiveWorker&) = delete;

    void start() { thread_.start(); }
    void request_stop() noexcept { thread_.request_stop(); }
    void join() { thread_.join(); }
    /// Rounds of the worker's loop so far (engine::WorkerThread::rounds): the watchdog's sign of progress.
    std::uint64_t rounds() const noexcept { return thread_.rounds(); }
    /// TESTS ONLY: engine::WorkerThread::hang_after_rounds_for_test.
    void hang_after_rounds_for_test(std::uint64_t rounds) noexcept { thread_.hang_after_rounds_for_test(rounds); }

    const engine::LiveEngine& engine() const noexcept { return *engine_; }
    Result<LiveCaptureCounters, std::string> capture_counters() const { return source_->counters(); }
    /// Fails with libpcap's message once the capture has broken and the worker has stopped.
    Result<void, std::string> health() const;

private:
    bool serve(std::chrono::milliseconds wait) override;

    std::unique_ptr<LivePcapSource> source_;
    std::unique_ptr<engine::LiveEngine> engine_;
    std::unique_ptr<TcpResetSender> resets_;
    std::string capture_error_;    ///< written by the worker thread before serve() says it failed
    engine::WorkerThread thread_;  ///< last: joined before the parts it uses go
};

}  // namespace schoolgate::gateway::capture
