#pragma once

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
};

/// Parses the request head at the start of `stream` (the client's reassembled bytes). Pure.
/// Results: Ok once the blank line ending the head is present; NeedMoreData(1) before that;
/// Malformed with http.request_line_too_long, http.headers_too_large (head over limits::kMaxHttpHeadBytes
/// or more than limits::kMaxHttpHeaders lines) or http.malformed_request (not "METHOD SP TARGET SP
/// HTTP/x.y", or a header line without a colon).
ParseResult<HttpRequestHead> parse_http_request_head(std::span<const std::uint8_t> stream) noexcept;

/// Splits an authority ("host", "host:port", "[v6]:port") into its host part; std::nullopt if malformed.
std::optional<std::string_view> authority_host(std::string_view authority) noexcept;

}  // namespace schoolgate::classifiers::http
