#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <poll.h>

#include "common/result.h"
#include "gateway/time/clock.h"
#include "tools/schoolgated/local_clients.h"

namespace schoolgate::tools::daemon {

/// The daemon's control thread: signals (SIGHUP reload, SIGTERM/SIGINT stop) through a signalfd, the
/// local stats socket, the optional Prometheus port on 127.0.0.1, and inotify on the folders of the
/// policy and exemptions files (a change reloads, debounced, so `schoolgate exempt add` takes effect with
/// no signal). Everything is polled from one thread and nothing in it blocks: stats and metrics clients are
/// served by LocalClients (non-blocking, a deadline each, a cap on how many), so no client can delay a
/// signal, a reload or another client. The packet path is never touched from here.
class ControlLoop {
public:
    struct Hooks {
        std::function<void(const std::string& why)> reload;
        std::function<std::string()> stats_json;
        std::function<std::string()> stats_prometheus;
        /// Asked about once a second: a failure (a worker whose capture broke) ends run() with that error,
        /// so that the daemon stops and its supervisor restarts it, rather than running on inspecting nothing.
        std::function<Result<void, std::string>()> health;
        /// Every round of the loop, which goes round at least once a second while `health` is set (the
        /// service watchdog's pings: they come from this thread, so a stuck loop stops them too).
        std::function<void(gateway::time::MonotonicTime now)> tick;
        /// Identity sources (tools/schoolgated/identity_feed.h): a lease file changed (debounced), and the
        /// RADIUS Accounting socket to poll (-1: none) with what to do when it is readable.
        std::function<void()> leases_changed{};
        int radius_fd = -1;
        std::function<void()> radius_readable{};
    };

    /// Blocks SIGHUP, SIGTERM and SIGINT for the calling thread (call it before starting any other thread,
    /// so every thread inherits the mask and the signalfd gets them all).
    static void block_signals();
    /// Opens the sockets and watches; the error says what failed and what to check.
    static Result<std::unique_ptr<ControlLoop>, std::string> open(const std::string& stats_socket,
                                                                  std::uint16_t metrics_port,
                                                                  const std::vector<std::string>& watched_files,
                                                                  const std::vector<std::string>& lease_files = {});
    ~ControlLoop();

    /// Returns success at SIGTERM or SIGINT, or the error from hooks.health.
    Result<void, std::string> run(const Hooks& hooks, const gateway::time::Clock& clock);

private:
    ControlLoop() = default;
    bool watched_file_changed();
    static bool names_changed(int fd, const std::vector<std::string>& names);
    static Result<void, std::string> watch_lease_files(ControlLoop& loop, const std::vector<std::string>& lease_files);
    void serve_identity(const Hooks& hooks, const std::vector<pollfd>& fds, gateway::time::MonotonicTime now,
                        const gateway::time::Clock& clock);
    int poll_timeout_ms(const Hooks& hooks, std::optional<gateway::time::MonotonicTime> wake_at,
                        const gateway::time::Clock& clock) const;

    int signal_fd_ = -1;
    int inotify_fd_ = -1;
    const Hooks* hooks_ = nullptr;  ///< run()'s, while it runs: what the clients below are answered with
    std::unique_ptr<LocalClients> stats_clients_;    ///< owns the stats socket
    std::unique_ptr<LocalClients> metrics_clients_;  ///< owns the metrics port
    std::string stats_path_;
    std::vector<std::string> watched_names_;  ///< file names (no directory) whose change means reload
    std::optional<gateway::time::MonotonicTime> leases_at_;  ///< when to tell of a lease file change
    int lease_inotify_fd_ = -1;               ///< lease files: written in place, so IN_MODIFY too
    std::vector<std::string> lease_names_;
};

}  // namespace schoolgate::tools::daemon
