#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace schoolgate::classifiers::proxy {

/// Where a SOCKS client asked to go. `target` is a host name as sent (not yet normalised) or an address
/// in text form; credentials are skipped, never kept.
struct SocksRequest {
    int version = 0;         ///< 4 or 5
    bool socks4a = false;    ///< SOCKS4 with a name instead of an address
    std::uint8_t command = 0;  ///< 1 CONNECT, 2 BIND, 3 UDP ASSOCIATE
    std::string target;
    bool target_is_name = false;
    std::uint16_t port = 0;
};

enum class SocksParse : std::uint8_t { NeedMore, Parsed, NotSocks };

/// Reads a client's SOCKS4, SOCKS4a (both from the OpenSSH/Dante protocol notes) or SOCKS5 (RFC 1928,
/// with RFC 1929 username/password skipped) opening from the start of its byte stream. Pure and total.
SocksParse parse_socks_request(std::span<const std::uint8_t> client_stream, SocksRequest& request) noexcept;

/// Registry probe: a SOCKS4 request or a SOCKS5 method greeting.
bool looks_like_socks(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace schoolgate::classifiers::proxy
