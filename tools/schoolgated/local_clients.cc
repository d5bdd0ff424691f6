#include "tools/schoolgated/local_clients.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace schoolgate::tools::daemon {

namespace {

// The end of an HTTP request's headers (RFC 9112 §2.1); a bare LF is accepted as a line end (§2.2).
bool headers_ended(const std::string& request) {
    return request.find("\r\n\r\n") != std::string::npos || request.find("\n\n") != std::string::npos;
}

std::string http_reply(const std::string& body) {
    return "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

LocalClients::LocalClients(int listen_fd, Protocol protocol, std::function<std::string()> answer)
    : listen_fd_(listen_fd), protocol_(protocol), answer_(std::move(answer)) {}

LocalClients::~LocalClients() {
    for (const auto& connection : connections_) ::close(connection.fd);
    if (listen_fd_ >= 0) ::close(listen_fd_);
}

void LocalClients::add_poll_entries(std::vector<pollfd>& fds) const {
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const auto& connection : connections_) {
        fds.push_back({connection.fd, static_cast<short>(connection.answering ? POLLOUT : POLLIN), 0});
    }
}

std::optional<gateway::time::MonotonicTime> LocalClients::next_deadline() const {
    // Connections are kept in accept order and every one has the same allowance: the front is due first.
    if (connections_.empty()) return std::nullopt;
    return connections_.front().deadline;
}

void LocalClients::serve(const std::vector<pollfd>& fds, std::size_t first, gateway::time::MonotonicTime now) {
    // fds[first] is the listener; the connections follow in the order add_poll_entries() gave them.
    const std::size_t polled = std::min(connections_.size(), fds.size() - std::min(fds.size(), first + 1));
    std::vector<bool> finished(connections_.size(), false);
    for (std::size_t i = 0; i < polled; ++i) {
        const short events = fds[first + 1 + i].revents;
        if (events == 0) continue;
        auto& connection = connections_[i];
        if (events & (POLLERR | POLLNVAL)) {
            finished[i] = true;
        } else if (!connection.answering) {
            finished[i] = !read_request(connection);
        } else {
            finished[i] = !write_reply(connection);
        }
    }
    for (std::size_t i = 0; i < connections_.size(); ++i) {
        if (!finished[i] && connections_[i].deadline <= now) {
            finished[i] = true;
            ++timed_out_;
        }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < connections_.size(); ++i) {
        if (finished[i]) {
            ::close(connections_[i].fd);
        } else {
            if (kept != i) connections_[kept] = std::move(connections_[i]);  // never onto itself: that empties it
            ++kept;
        }
    }
    connections_.resize(kept);
    if (first < fds.size() && (fds[first].revents & POLLIN)) accept_new(now);
}

void LocalClients::accept_new(gateway::time::MonotonicTime now) {
    while (true) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) return;  // EAGAIN: none left waiting (anything else: try again at the next poll)
        if (connections_.size() >= kMaxConnections) {
            // Room for the newest: a client that holds connections open cannot lock others out for long.
            ::close(connections_.front().fd);
            connections_.erase(connections_.begin());
            if (evicted_++ == 0) spdlog::warn("more than {} stats or metrics clients at once: the oldest are closed", kMaxConnections);
        }
        Connection connection;
        connection.fd = fd;
        connection.deadline = now + kDeadline;
        if (protocol_ == Protocol::Answer) {
            prepare_reply(connection);
            if (!write_reply(connection)) {  // the whole answer fitted in the socket's buffer: done
                ::close(fd);
                continue;
            }
        }
        connections_.push_back(std::move(connection));
    }
}

bool LocalClients::read_request(Connection& connection) {
    std::array<char, 1024> buffer{};
    while (connection.request.size() < kMaxRequestBytes) {
        const auto n = ::recv(connection.fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return true;
        if (n < 0) return false;
        if (n == 0) break;  // the client finished writing: answer what it asked
        connection.request.append(buffer.data(), static_cast<std::size_t>(n));
        if (headers_ended(connection.request)) break;
    }
    // The request itself does not matter (every path serves the metrics): it is read so that closing does
    // not reset the connection before the client reads the answer.
    prepare_reply(connection);
    return write_reply(connection);
}

void LocalClients::prepare_reply(Connection& connection) {
    const std::string body = answer_();
    connection.reply = protocol_ == Protocol::Http ? http_reply(body) : body;
    connection.answering = true;
}

bool LocalClients::write_reply(Connection& connection) {
    while (connection.sent < connection.reply.size()) {
        const auto n = ::send(connection.fd, connection.reply.data() + connection.sent,
                              connection.reply.size() - connection.sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return true;  // at the next POLLOUT
        if (n <= 0) return false;  // the client hung up early: its answer is lost, its business
        connection.sent += static_cast<std::size_t>(n);
    }
    return false;  // all sent: close
}

}  // namespace schoolgate::tools::daemon
