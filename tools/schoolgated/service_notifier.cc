#include "tools/schoolgated/service_notifier.h"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstring>

namespace schoolgate::tools::daemon {

namespace {

// sd_notify's own return: < 0 an error, 0 no NOTIFY_SOCKET, > 0 sent. A failed notification is logged, not
// fatal: the daemon filters the same without it (and a missed WATCHDOG=1 has systemd restart it anyway).
void notify(const std::string& state) {
    if (const int sent = sd_notify(0, state.c_str()); sent < 0) {
        spdlog::warn("sd_notify({}): {}", state.substr(0, state.find('\n')), std::strerror(-sent));
    }
}

}  // namespace

ServiceNotifier::ServiceNotifier(std::vector<std::function<std::uint64_t()>> progress) {
    for (auto& reader : progress) {
        Worker worker;
        worker.progress = std::move(reader);
        workers_.push_back(std::move(worker));
    }
    std::uint64_t usec = 0;
    // > 0: the service manager wants pings every `usec` at most (WATCHDOG_USEC, for this process).
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) interval_ = std::chrono::microseconds{usec};
}

void ServiceNotifier::ready(const std::string& status) { notify("READY=1\nSTATUS=" + status); }

void ServiceNotifier::stopping() { notify("STOPPING=1\nSTATUS=stopping"); }

bool ServiceNotifier::every_worker_moves(gateway::time::MonotonicTime now) {
    // Half the watchdog interval without a single round: stuck (idle workers go round every 100 ms).
    const auto allowance = *interval_ / 2;
    bool all = true;
    for (std::size_t i = 0; i < workers_.size(); ++i) {
        auto& worker = workers_[i];
        const auto count = worker.progress();
        if (!worker.last_moved || count != worker.last_count) {
            worker.last_count = count;
            worker.last_moved = now;
            worker.reported_stuck = false;
            continue;
        }
        if (now - *worker.last_moved <= allowance) continue;
        all = false;
        if (!worker.reported_stuck) {
            worker.reported_stuck = true;
            spdlog::error("packet worker {} has made no progress for {} ms: no more watchdog pings, systemd will "
                          "restart schoolgated (the firewall rules stay)",
                          i, std::chrono::duration_cast<std::chrono::milliseconds>(now - *worker.last_moved).count());
        }
    }
    return all;
}

void ServiceNotifier::tick(gateway::time::MonotonicTime now) {
    if (!interval_) return;
    const bool healthy = every_worker_moves(now);
    // Four pings per interval: one late round of the control loop (it wakes at least once a second) is no miss.
    if (last_ping_ && now - *last_ping_ < *interval_ / 4) return;
    if (!healthy) return;
    notify("WATCHDOG=1");
    last_ping_ = now;
    ++pings_;
}

}  // namespace schoolgate::tools::daemon
