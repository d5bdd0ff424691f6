#include "classifiers/http/http_request_parser.h"

#include <algorithm>
#include <array>

#include "classifiers/limits.h"

namespace schoolgate::classifiers::http {

namespace {

using Result = ParseResult<HttpRequestHead>;

std::string_view as_text(std::span<const std::uint8_t> bytes) noexcept {
    // A char view over the same bytes: the text functions below never read outside this view.
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};  // NOLINT: byte-to-char view only
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

bool is_token(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

// Takes the next line (without its LF and optional CR) off the front of `text`.
std::optional<std::string_view> next_line(std::string_view& text) noexcept {
    const auto newline = text.find('\n');
    if (newline == std::string_view::npos) return std::nullopt;
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

std::optional<HttpRequestHead> parse_request_line(std::string_view line) {
    const auto first_space = line.find(' ');
    const auto last_space = line.rfind(' ');
    if (first_space == std::string_view::npos || last_space == first_space) return std::nullopt;
    HttpRequestHead head;
    head.method = line.substr(0, first_space);
    head.target = line.substr(first_space + 1, last_space - first_space - 1);
    head.version = line.substr(last_space + 1);
    if (!is_token(head.method) || head.target.empty() || !head.version.starts_with("HTTP/1.")) return std::nullopt;
    return head;
}

// RFC 9112 §6.3: the framing headers of a request. False when they leave the body's end unknown.
bool read_framing(std::string_view name, std::string_view value, HttpRequestHead& head) noexcept {
    if (iequals(name, "transfer-encoding")) {
        // chunked must be the final coding; anything else has no knowable end (the server answers 400).
        const auto last = value.substr(value.rfind(',') == std::string_view::npos ? 0 : value.rfind(',') + 1);
        head.chunked = iequals(trim(last), "chunked");
        return head.chunked;
    }
    if (!iequals(name, "content-length")) return true;
    value = trim(value);
    if (value.empty() || value.size() > 15) return false;  // 15 digits: far beyond any body, no overflow
    std::uint64_t length = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') return false;
        length = length * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (head.content_length != 0 && head.content_length != length) return false;
    head.content_length = length;
    return true;
}

}  // namespace

ParseResult<HttpRequestHead> parse_http_request_head(std::span<const std::uint8_t> stream) noexcept {
    // A head must end within kMaxHttpHeadBytes, so nothing past that is looked at.
    std::string_view text = as_text(stream.first(std::min(stream.size(), limits::kMaxHttpHeadBytes)));
    const char* const start = text.data();
    // RFC 9112 §2.2: a server ignores empty lines received before the request line; so do we, or a
    // leading CRLF would hide the request (and its Host or CONNECT target) from us but not from the server.
    const auto first_byte = text.find_first_not_of("\r\n");
    if (first_byte == std::string_view::npos) {
        if (stream.size() > limits::kMaxHttpHeadBytes) return Result::malformed(Anomaly::HttpHeadersTooLarge);
        return Result::need_more_data(1);
    }
    text.remove_prefix(first_byte);
    const auto request_line = next_line(text);
    if (!request_line) {
        // +1: a line exactly at the limit may be waiting for the LF after its CR.
        if (stream.size() > limits::kMaxHttpRequestLineBytes + 1) {
            return Result::malformed(Anomaly::HttpRequestLineTooLong);
        }
        return Result::need_more_data(1);
    }
    if (request_line->size() > limits::kMaxHttpRequestLineBytes) {
        return Result::malformed(Anomaly::HttpRequestLineTooLong);
    }
    auto head = parse_request_line(*request_line);
    if (!head) return Result::malformed(Anomaly::HttpMalformedRequest);

    for (std::size_t lines = 0;; ++lines) {
        if (lines > limits::kMaxHttpHeaders) return Result::malformed(Anomaly::HttpHeadersTooLarge);
        const auto line = next_line(text);
        if (!line) {
            if (stream.size() > limits::kMaxHttpHeadBytes) return Result::malformed(Anomaly::HttpHeadersTooLarge);
            return Result::need_more_data(1);
        }
        if (line->empty()) {
            head->head_bytes = static_cast<std::size_t>(text.data() - start);
            // Chunked wins over a Content-Length beside it (RFC 9112 §6.3, rule 3).
            if (head->chunked) head->content_length = 0;
            return Result::ok(std::move(*head));
        }
        const auto colon = line->find(':');
        if (colon == std::string_view::npos || colon == 0) return Result::malformed(Anomaly::HttpMalformedRequest);
        const auto name = line->substr(0, colon);
        if (!head->host && iequals(name, "host")) head->host = std::string{trim(line->substr(colon + 1))};
        if (!read_framing(name, line->substr(colon + 1), *head)) return Result::malformed(Anomaly::HttpBodyMalformed);
    }
}

std::optional<std::string_view> authority_host(std::string_view authority) noexcept {
    if (authority.empty()) return std::nullopt;
    if (authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos || close == 1) return std::nullopt;
        return authority.substr(1, close - 1);
    }
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    const auto colon = authority.find(':');
    const auto host = authority.substr(0, colon);
    if (host.empty()) return std::nullopt;
    return host;
}

}  // namespace schoolgate::classifiers::http
