#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gateway/time/clock.h"

namespace schoolgate::tools::daemon {

/// Tells the service manager how the daemon is, through libsystemd's sd_notify(3) (Type=notify in
/// schoolgated.service): READY=1 once the queues are bound and the policy is loaded, WATCHDOG=1 while the
/// control loop runs (it is the one calling tick()) and every packet worker makes progress, STOPPING=1 at a
/// stop. A worker that stops making progress stops the pings, and systemd's watchdog (WatchdogSec=) kills and
/// restarts the daemon; the firewall rules stay, so a fail-closed network stays closed meanwhile.
/// Without NOTIFY_SOCKET (not under systemd) every call does nothing. Only the control thread calls it;
/// `progress` readers are called from it and must be thread-safe. Time is the injected monotonic time.
class ServiceNotifier {
public:
    /// One reader per packet worker: a count that goes up every round of the worker's loop (at least every
    /// 100 ms when idle), so a worker stuck inside one round stops it. Reads WATCHDOG_USEC (and
    /// WATCHDOG_PID) through sd_watchdog_enabled().
    explicit ServiceNotifier(std::vector<std::function<std::uint64_t()>> progress);

    /// READY=1 with a STATUS line.
    void ready(const std::string& status);
    /// STOPPING=1: a deliberate stop, so the watchdog no longer applies.
    void stopping();
    /// Every round of the control loop: sends WATCHDOG=1 when one is due and every worker's count moved
    /// within the allowance (half the watchdog interval); logs once when a worker is found stuck.
    void tick(gateway::time::MonotonicTime now);

    /// The service manager's watchdog interval, when it set one.
    std::optional<std::chrono::microseconds> watchdog_interval() const noexcept { return interval_; }
    std::uint64_t pings_sent() const noexcept { return pings_; }

private:
    struct Worker {
        std::function<std::uint64_t()> progress;
        std::uint64_t last_count = 0;
        std::optional<gateway::time::MonotonicTime> last_moved;
        bool reported_stuck = false;
    };

    bool every_worker_moves(gateway::time::MonotonicTime now);

    std::vector<Worker> workers_;
    std::optional<std::chrono::microseconds> interval_;
    std::optional<gateway::time::MonotonicTime> last_ping_;
    std::uint64_t pings_ = 0;
};

}  // namespace schoolgate::tools::daemon
