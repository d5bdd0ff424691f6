#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "gateway/capture/live_pcap_source.h"
#include "gateway/capture/tcp_reset_sender.h"
#include "gateway/engine/live_engine.h"

namespace schoolgate::gateway::capture {

/// Passive mode's one worker: live capture -> engine; verdicts are recorded as events and nothing is
/// enforced (a mirror port cannot drop anything).
class PassiveWorker {
public:
    /// `resets` (optional): reset blocked TCP connections from the mirror port - racy, see TcpResetSender.
    PassiveWorker(std::unique_ptr<LivePcapSource> source, std::unique_ptr<engine::LiveEngine> engine,
                  std::unique_ptr<TcpResetSender> resets = nullptr);
    ~PassiveWorker();
    PassiveWorker(const PassiveWorker&) = delete;
    PassiveWorker& operator=(const PassiveWorker&) = delete;

    void start();
    void request_stop() noexcept { stop_.store(true, std::memory_order_relaxed); }
    void join();

    const engine::LiveEngine& engine() const noexcept { return *engine_; }
    Result<LiveCaptureCounters, std::string> capture_counters() const { return source_->counters(); }
    /// Fails with libpcap's message once the capture has broken and the worker has stopped.
    Result<void, std::string> health() const;

private:
    void run();

    std::unique_ptr<LivePcapSource> source_;
    std::unique_ptr<engine::LiveEngine> engine_;
    std::unique_ptr<TcpResetSender> resets_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> failed_{false};  ///< set (release) after capture_error_ is written
    std::string capture_error_;
    std::thread thread_;
    decode::PacketView view_;
};

}  // namespace schoolgate::gateway::capture
