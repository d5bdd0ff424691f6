#pragma once

#include <poll.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gateway/time/clock.h"

namespace schoolgate::tools::daemon {

/// One listening socket of the control thread (the stats socket or the metrics port) and the connections it
/// has accepted, served without ever blocking: every socket is non-blocking and polled with the control
/// loop's own, a connection has a deadline from its accept (kDeadline) and at most kMaxConnections are open
/// (the oldest goes to make room for a new one), so idle, half-written or never-reading clients cannot hold
/// up signals, reloads or other clients. Owns the listening descriptor and every connection's.
/// Not thread-safe: the control thread alone uses it. Time is the injected clock's monotonic time.
class LocalClients {
public:
    enum class Protocol {
        Answer,  ///< the stats socket: the answer is sent at once, nothing is read
        Http,    ///< the metrics port: the answer follows the end of the request's headers
    };
    static constexpr std::size_t kMaxConnections = 16;
    static constexpr std::chrono::milliseconds kDeadline{2000};
    static constexpr std::size_t kMaxRequestBytes = 4096;  ///< a longer request is answered at this length

    /// `listen_fd` < 0: no listener (poll entries are still added, inert). `answer` builds the reply body.
    LocalClients(int listen_fd, Protocol protocol, std::function<std::string()> answer);
    ~LocalClients();
    LocalClients(const LocalClients&) = delete;
    LocalClients& operator=(const LocalClients&) = delete;

    /// Appends the listener's entry and one per connection; serve() reads them back from `first`.
    void add_poll_entries(std::vector<pollfd>& fds) const;
    /// Accepts, reads and writes whatever poll() said is ready, then closes connections past their deadline.
    void serve(const std::vector<pollfd>& fds, std::size_t first, gateway::time::MonotonicTime now);
    /// The soonest deadline of an open connection (the control loop's poll wakes for it).
    std::optional<gateway::time::MonotonicTime> next_deadline() const;

    std::size_t open_connections() const noexcept { return connections_.size(); }
    std::uint64_t timed_out() const noexcept { return timed_out_; }
    std::uint64_t evicted() const noexcept { return evicted_; }

private:
    struct Connection {
        int fd = -1;
        gateway::time::MonotonicTime deadline;
        std::string request;
        std::string reply;
        bool answering = false;  ///< the reply is made and being sent
        std::size_t sent = 0;
    };

    void accept_new(gateway::time::MonotonicTime now);
    bool read_request(Connection& connection);  ///< false: the connection is finished
    bool write_reply(Connection& connection);   ///< false: the connection is finished
    void prepare_reply(Connection& connection);

    int listen_fd_;
    Protocol protocol_;
    std::function<std::string()> answer_;
    std::vector<Connection> connections_;  ///< in accept order: the front is the oldest
    std::uint64_t timed_out_ = 0;
    std::uint64_t evicted_ = 0;
};

}  // namespace schoolgate::tools::daemon
