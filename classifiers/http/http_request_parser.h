#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "classifiers/parse_result.h"

namespace schoolgate::classifiers::http {

/// The parts of an HTTP/1.x request head (RFC 9112 §3, §3.2) that say where it is going. Raw bytes,
/// unvalidated.
struct HttpRequestHead {
    std::string method;
    std::string target;               ///< origin-form "/x", absolute-form "http://h/x" or authority "h:443"
    std::string version;              ///< "HTTP/1.1"
    std::optional<std::string> host;  ///< first Host header's value, whitespace trimmed
    std::size_t head_bytes = 0;       ///< bytes of `stream` the head took, leading empty lines included
    /// The body that follows (RFC 9112 §6.3): chunked when Transfer-Encoding ends in chunked, else
    /// Content-Length bytes (none when absent).
    std::uint64_t content_length = 0;
    bool chunked = false;
};

/// Parses the request head at the start of `stream` (the client's reassembled bytes). Pure.
/// Results: Ok once the blank line ending the head is present; NeedMoreData(1) before that;
/// Malformed with http.request_line_too_long, http.headers_too_large (head over limits::kMaxHttpHeadBytes
/// or more than limits::kMaxHttpHeaders lines), http.malformed_request (not "METHOD SP TARGET SP
/// HTTP/x.y", or a header line without a colon) or http.body_malformed (a Content-Length that is not a
/// number or disagrees with another, or a Transfer-Encoding that does not end in chunked: RFC 9112 §6.3
/// says a server answers 400 and closes, and nobody can tell where the next request would start).
ParseResult<HttpRequestHead> parse_http_request_head(std::span<const std::uint8_t> stream) noexcept;

/// Splits an authority ("host", "host:port", "[v6]:port") into its host part; std::nullopt if malformed.
std::optional<std::string_view> authority_host(std::string_view authority) noexcept;

}  // namespace schoolgate::classifiers::http
