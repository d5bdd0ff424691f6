#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "gateway/time/clock.h"

namespace schoolgate::tools::daemon {

/// The daemon's control thread: signals (SIGHUP reload, SIGTERM/SIGINT stop) through a signalfd, the
/// local stats socket, the optional Prometheus port on 127.0.0.1, and inotify on the folders of the
/// policy and exemptions files (a change reloads, debounced, so `schoolgate exempt add` takes effect with
/// no signal). Everything is polled from one thread; the packet path is never touched from here.
class ControlLoop {
public:
    struct Hooks {
        std::function<void(const std::string& why)> reload;
        std::function<std::string()> stats_json;
        std::function<std::string()> stats_prometheus;
        /// Asked about once a second: a failure (a worker whose capture broke) ends run() with that error,
        /// so that the daemon stops and its supervisor restarts it, rather than running on inspecting nothing.
        std::function<Result<void, std::string>()> health;
    };

    /// Blocks SIGHUP, SIGTERM and SIGINT for the calling thread (call it before starting any other thread,
    /// so every thread inherits the mask and the signalfd gets them all).
    static void block_signals();
    /// Opens the sockets and watches; the error says what failed and what to check.
    static Result<std::unique_ptr<ControlLoop>, std::string> open(const std::string& stats_socket,
                                                                  std::uint16_t metrics_port,
                                                                  const std::vector<std::string>& watched_files);
    ~ControlLoop();

    /// Returns success at SIGTERM or SIGINT, or the error from hooks.health.
    Result<void, std::string> run(const Hooks& hooks, const gateway::time::Clock& clock);

private:
    ControlLoop() = default;
    void serve_stats(const Hooks& hooks);
    void serve_metrics(const Hooks& hooks);
    bool watched_file_changed();

    int signal_fd_ = -1;
    int stats_fd_ = -1;
    int metrics_fd_ = -1;
    int inotify_fd_ = -1;
    std::string stats_path_;
    std::vector<std::string> watched_names_;  ///< file names (no directory) whose change means reload
};

}  // namespace schoolgate::tools::daemon
