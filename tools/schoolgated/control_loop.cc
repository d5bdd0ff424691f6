#include "tools/schoolgated/control_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace schoolgate::tools::daemon {

namespace {

// An editor or `schoolgate exempt` writes a temporary file and renames it: wait this long after the last
// change before reloading, so one edit is one reload.
constexpr int kReloadDebounceMs = 300;
// A DHCP server writes its lease file in a few writes per change; read it once they are done. Not restarted
// by later writes (as the reload's is), so a server writing without pause cannot keep us from reading.
constexpr int kLeaseDebounceMs = 100;

sigset_t control_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    return signals;
}

// How often run() asks hooks.health, at most: a broken capture is noticed within this time.
constexpr int kHealthCheckMs = 1000;

Result<int, std::string> open_stats_socket(const std::string& path) {
    using Out = Result<int, std::string>;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) return Out::failure(path + ": socket path too long");
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    // Not checked here: if the directory cannot be made, bind() below fails and says so with the fix.
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path{path}.parent_path(), ignored);
    ::unlink(path.c_str());  // a stale socket from a daemon that was killed; none there is fine
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 8) != 0) {
        const std::string error =
            path + ": cannot listen for stats: " + std::strerror(errno) + " (check the directory exists and is writable)";
        if (fd >= 0) ::close(fd);
        return Out::failure(error);
    }
    // Owner and group (the schoolgate group: network manager, e-safety tools) only. Unchecked, a failure
    // would leave the socket open to whoever the umask lets in.
    if (::chmod(path.c_str(), 0660) != 0) {
        const std::string error = path + ": cannot limit the stats socket to owner and group: " + std::strerror(errno);
        ::close(fd);
        return Out::failure(error);
    }
    return Out::success(fd);
}

Result<int, std::string> open_metrics_socket(std::uint16_t port) {
    using Out = Result<int, std::string>;
    const std::string where = "127.0.0.1:" + std::to_string(port) + ": cannot listen for metrics: ";
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return Out::failure(where + std::strerror(errno));
    // A restarted daemon rebinds at once despite connections in TIME_WAIT; without it bind() may fail,
    // and that failure is reported below.
    int one = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
        const std::string error = where + "SO_REUSEADDR: " + std::strerror(errno);
        ::close(fd);
        return Out::failure(error);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // never on the school's network
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 8) != 0) {
        const std::string error = where + std::strerror(errno);
        ::close(fd);
        return Out::failure(error);
    }
    return Out::success(fd);
}

}  // namespace

void ControlLoop::block_signals() {
    const sigset_t signals = control_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

Result<std::unique_ptr<ControlLoop>, std::string> ControlLoop::open(const std::string& stats_socket,
                                                                    std::uint16_t metrics_port,
                                                                    const std::vector<std::string>& watched_files,
                                                                    const std::vector<std::string>& lease_files) {
    using Out = Result<std::unique_ptr<ControlLoop>, std::string>;
    std::unique_ptr<ControlLoop> loop{new ControlLoop};
    const sigset_t signals = control_signals();
    loop->signal_fd_ = ::signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);
    if (loop->signal_fd_ < 0) return Out::failure(std::string{"signalfd: "} + std::strerror(errno));
    int stats_fd = -1;
    if (!stats_socket.empty()) {
        auto fd = open_stats_socket(stats_socket);
        if (!fd.ok()) return Out::failure(std::move(fd).error());
        stats_fd = fd.value();
        loop->stats_path_ = stats_socket;
    }
    ControlLoop* const self = loop.get();
    loop->stats_clients_ = std::make_unique<LocalClients>(stats_fd, LocalClients::Protocol::Answer,
                                                          [self] { return self->hooks_->stats_json(); });
    int metrics_fd = -1;
    if (metrics_port != 0) {
        auto fd = open_metrics_socket(metrics_port);
        if (!fd.ok()) return Out::failure(std::move(fd).error());
        metrics_fd = fd.value();
    }
    loop->metrics_clients_ = std::make_unique<LocalClients>(metrics_fd, LocalClients::Protocol::Http,
                                                            [self] { return self->hooks_->stats_prometheus(); });
    loop->inotify_fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (loop->inotify_fd_ < 0) {
        return Out::failure(std::string{"cannot watch for policy changes: inotify: "} + std::strerror(errno) +
                            " (raise fs.inotify.max_user_instances)");
    }
    std::set<std::string> directories;
    for (const auto& file : watched_files) {
        if (file.empty()) continue;
        const std::filesystem::path path{file};
        directories.insert(path.parent_path().empty() ? "." : path.parent_path().string());
        loop->watched_names_.push_back(path.filename().string());
    }
    for (const auto& directory : directories) {
        if (::inotify_add_watch(loop->inotify_fd_, directory.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
            return Out::failure(directory + ": cannot watch for policy changes: " + std::strerror(errno));
        }
    }
    if (auto watched = watch_lease_files(*loop, lease_files); !watched.ok()) return Out::failure(std::move(watched).error());
    return Out::success(std::move(loop));
}

// dnsmasq and Kea keep their lease file open and write it in place (IN_MODIFY, never IN_CLOSE_WRITE);
// dhcpd renames a new one over it from time to time (IN_MOVED_TO). A folder of their own is watched apart
// from the policy's, so that a lease written every second never reloads the policy.
Result<void, std::string> ControlLoop::watch_lease_files(ControlLoop& loop, const std::vector<std::string>& lease_files) {
    if (lease_files.empty()) return Result<void, std::string>::success();
    loop.lease_inotify_fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (loop.lease_inotify_fd_ < 0) {
        return Result<void, std::string>::failure(std::string{"cannot watch the lease files: inotify: "} + std::strerror(errno));
    }
    std::set<std::string> directories;
    for (const auto& file : lease_files) {
        const std::filesystem::path path{file};
        directories.insert(path.parent_path().empty() ? "." : path.parent_path().string());
        loop.lease_names_.push_back(path.filename().string());
    }
    for (const auto& directory : directories) {
        if (::inotify_add_watch(loop.lease_inotify_fd_, directory.c_str(), IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE) < 0) {
            return Result<void, std::string>::failure(directory + ": cannot watch the lease files: " + std::strerror(errno));
        }
    }
    return Result<void, std::string>::success();
}

ControlLoop::~ControlLoop() {
    stats_clients_.reset();  // closes the socket before it is unlinked
    metrics_clients_.reset();
    for (int fd : {signal_fd_, inotify_fd_, lease_inotify_fd_}) {
        if (fd >= 0) ::close(fd);
    }
    if (!stats_path_.empty()) ::unlink(stats_path_.c_str());
}

bool ControlLoop::watched_file_changed() { return names_changed(inotify_fd_, watched_names_); }

bool ControlLoop::names_changed(int fd, const std::vector<std::string>& names) {
    alignas(inotify_event) std::array<char, 4096> buffer{};
    bool changed = false;
    while (true) {
        const auto n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0) return changed;
        for (std::size_t offset = 0; offset + sizeof(inotify_event) <= static_cast<std::size_t>(n);) {
            inotify_event header{};
            std::memcpy(&header, buffer.data() + offset, sizeof header);
            const std::string name = header.len > 0 ? std::string{buffer.data() + offset + sizeof header} : std::string{};
            if (std::find(names.begin(), names.end(), name) != names.end()) changed = true;
            offset += sizeof(inotify_event) + header.len;
        }
    }
}

int ControlLoop::poll_timeout_ms(const Hooks& hooks, std::optional<gateway::time::MonotonicTime> wake_at,
                                 const gateway::time::Clock& clock) const {
    if (leases_at_ && (!wake_at || *leases_at_ < *wake_at)) wake_at = leases_at_;
    for (const auto* clients : {stats_clients_.get(), metrics_clients_.get()}) {
        if (const auto due = clients->next_deadline(); due && (!wake_at || *due < *wake_at)) wake_at = due;
    }
    int timeout_ms = hooks.health ? kHealthCheckMs : -1;
    if (wake_at) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*wake_at - clock.monotonic_now());
        // Rounded up, so that the loop does not spin for the last fraction of a millisecond.
        const int until = static_cast<int>(std::max<std::int64_t>(0, left.count() + 1));
        timeout_ms = timeout_ms < 0 ? until : std::min(timeout_ms, until);
    }
    return timeout_ms;
}

// Identity sources: lease files re-read once a burst of writes is over; RADIUS packets as they come.
void ControlLoop::serve_identity(const Hooks& hooks, const std::vector<pollfd>& fds, gateway::time::MonotonicTime now,
                                 const gateway::time::Clock& clock) {
    if (leases_at_ && now >= *leases_at_) {
        leases_at_.reset();
        if (hooks.leases_changed) hooks.leases_changed();
    }
    if ((fds[2].revents & POLLIN) && names_changed(lease_inotify_fd_, lease_names_) && !leases_at_) {
        leases_at_ = clock.monotonic_now() + std::chrono::milliseconds{kLeaseDebounceMs};
    }
    if ((fds[3].revents & POLLIN) && hooks.radius_readable) hooks.radius_readable();
}

Result<void, std::string> ControlLoop::run(const Hooks& hooks, const gateway::time::Clock& clock) {
    hooks_ = &hooks;
    // A deadline, not a poll timeout: stats requests every few milliseconds must not postpone the reload.
    std::optional<gateway::time::MonotonicTime> reload_at;
    std::vector<pollfd> fds;
    while (true) {
        if (hooks.health) {
            if (auto health = hooks.health(); !health.ok()) return health;
        }
        if (hooks.tick) hooks.tick(clock.monotonic_now());
        fds.assign({{signal_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}, {lease_inotify_fd_, POLLIN, 0}, {hooks.radius_fd, POLLIN, 0}});
        const std::size_t stats_first = fds.size();
        stats_clients_->add_poll_entries(fds);
        const std::size_t metrics_first = fds.size();
        metrics_clients_->add_poll_entries(fds);
        // A failed poll (a signal: EINTR) leaves every revents at zero, so the loop simply goes round again.
        (void)::poll(fds.data(), fds.size(), poll_timeout_ms(hooks, reload_at, clock));
        const auto now = clock.monotonic_now();
        if (reload_at && now >= *reload_at) {
            reload_at.reset();
            hooks.reload("a policy or exemptions file changed");
        }
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo info{};
            while (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
                if (info.ssi_signo == SIGHUP) {
                    hooks.reload("SIGHUP");
                } else {
                    return Result<void, std::string>::success();
                }
            }
        }
        stats_clients_->serve(fds, stats_first, now);
        metrics_clients_->serve(fds, metrics_first, now);
        if ((fds[1].revents & POLLIN) && watched_file_changed()) {
            reload_at = clock.monotonic_now() + std::chrono::milliseconds{kReloadDebounceMs};
        }
        serve_identity(hooks, fds, now, clock);
    }
}

}  // namespace schoolgate::tools::daemon
