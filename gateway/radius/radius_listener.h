#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/net/cidr.h"
#include "common/net/ip_address.h"
#include "common/result.h"
#include "gateway/radius/radius_packet.h"

namespace schoolgate::gateway::radius {

/// What the listener did with the datagrams it was sent (`schoolgate stats`, identity.radius).
struct RadiusCounters {
    std::uint64_t accepted = 0;            ///< good requests, answered
    std::uint64_t refused_client = 0;      ///< from an address not in `clients`: dropped, not answered
    std::uint64_t bad_authenticator = 0;   ///< the Request Authenticator does not match the secret: dropped
    std::uint64_t malformed = 0;           ///< not an Accounting-Request we can read: dropped
    std::uint64_t responses_failed = 0;    ///< an answer the socket would not send
    std::uint64_t starts = 0, interim_updates = 0, stops = 0, others = 0;

    std::uint64_t refused() const noexcept { return refused_client + bad_authenticator + malformed; }
};

/// The RADIUS Accounting server (RFC 2866) for `identity.radius_accounting`: one UDP socket, opened at
/// start-up (before the daemon drops privileges and confines its system calls; afterwards it only receives
/// and sends on it), read by the control thread when poll() says so. A datagram from an address outside
/// `clients`, that does not parse, or whose Request Authenticator does not match the shared secret is
/// dropped, counted and not answered (an answer would tell a forger which guess was right); a good one is
/// handed to `on_request` and answered with an Accounting-Response. Not thread-safe: one owner.
class RadiusListener {
public:
    static Result<std::unique_ptr<RadiusListener>, std::string> open(const net::IpAddress& address, std::uint16_t port,
                                                                     std::string secret, std::vector<net::Cidr> clients);
    ~RadiusListener();
    RadiusListener(const RadiusListener&) = delete;
    RadiusListener& operator=(const RadiusListener&) = delete;

    int fd() const noexcept { return fd_; }
    /// Reads every datagram waiting (the socket does not block) and answers the good ones.
    void receive(const std::function<void(const AccountingRequest&)>& on_request);
    /// A reloaded policy's clients and secret (the address and port stay until a restart).
    void reconfigure(std::string secret, std::vector<net::Cidr> clients);
    const RadiusCounters& counters() const noexcept { return counters_; }

private:
    RadiusListener() = default;
    bool from_client(const net::IpAddress& sender) const noexcept;

    int fd_ = -1;
    std::string secret_;
    std::vector<net::Cidr> clients_;
    RadiusCounters counters_;
};

/// Reads a shared secret file: its first line, without the line end; an empty secret is refused.
Result<std::string, std::string> read_secret_file(const std::string& path);

}  // namespace schoolgate::gateway::radius
