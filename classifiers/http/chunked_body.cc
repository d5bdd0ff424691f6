#include "classifiers/http/chunked_body.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "classifiers/limits.h"

namespace schoolgate::classifiers::http {

namespace {

std::optional<int> hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return std::nullopt;
}

// "1a;name=value" -> 26: hex digits, then nothing or whitespace or chunk extensions (ignored).
std::optional<std::uint64_t> chunk_size(std::string_view line) noexcept {
    std::uint64_t size = 0;
    std::size_t digits = 0;
    for (; digits < line.size(); ++digits) {
        const auto digit = hex_digit(line[digits]);
        if (!digit) break;
        if (digits == 15) return std::nullopt;  // 2^60 bytes: no real body, and no overflow
        size = size * 16 + static_cast<std::uint64_t>(*digit);
    }
    if (digits == 0) return std::nullopt;
    const auto rest = line.substr(digits);
    if (!rest.empty() && rest.front() != ';' && rest.front() != ' ' && rest.front() != '\t') return std::nullopt;
    return size;
}

}  // namespace

ChunkedBody::Step ChunkedBody::skip(std::span<const std::uint8_t> stream, std::size_t& at) noexcept {
    for (;;) {
        if (state_ == State::Data) {
            const auto take = std::min<std::uint64_t>(left_, stream.size() - at);
            at += static_cast<std::size_t>(take);
            left_ -= take;
            if (left_ > 0) return Step::NeedMore;
            state_ = State::DataEnd;
        }
        switch (read_line(stream, at)) {
            case Line::Incomplete: return Step::NeedMore;
            case Line::Malformed: return Step::Malformed;
            case Line::LastRead: return Step::Done;
            case Line::Read: break;
        }
    }
}

// One line of the framing, read by state: Incomplete (and `at` unchanged) until the whole line is there,
// LastRead at the trailer's empty line, else Read with the state moved on.
ChunkedBody::Line ChunkedBody::read_line(std::span<const std::uint8_t> stream, std::size_t& at) noexcept {
    const auto rest = stream.subspan(at);
    const auto newline = std::find(rest.begin(), rest.end(), std::uint8_t{'\n'});
    if (newline == rest.end()) return rest.size() > kMaxLineBytes ? Line::Malformed : Line::Incomplete;
    const auto length = static_cast<std::size_t>(newline - rest.begin());
    if (length > kMaxLineBytes) return Line::Malformed;
    std::string_view line{reinterpret_cast<const char*>(rest.data()), length};  // NOLINT: byte-to-char view only
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at += length + 1;
    switch (state_) {
        case State::Size: {
            const auto size = chunk_size(line);
            if (!size) return Line::Malformed;
            left_ = *size;
            state_ = *size == 0 ? State::Trailer : State::Data;
            return Line::Read;
        }
        case State::DataEnd:
            if (!line.empty()) return Line::Malformed;
            state_ = State::Size;
            return Line::Read;
        case State::Trailer:
            if (line.empty()) return Line::LastRead;
            return ++trailer_lines_ > limits::kMaxHttpHeaders ? Line::Malformed : Line::Read;
        case State::Data: break;
    }
    return Line::Malformed;
}

}  // namespace schoolgate::classifiers::http
