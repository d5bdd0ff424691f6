#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace schoolgate::classifiers::http {

/// Finds where a chunked request body ends (RFC 9112 §7.1) without keeping it: each chunk's size line,
/// its data (skipped), the line end after the data, then the trailer section up to its empty line. Fed
/// the client's stream as it grows; keeps its place between calls. Bounded: a size line or trailer line
/// longer than kMaxLineBytes, more than limits::kMaxHttpHeaders trailer lines, or a size over 15 hex digits
/// is malformed. Not thread-safe: one per request body.
class ChunkedBody {
public:
    enum class Step : std::uint8_t { NeedMore, Done, Malformed };
    /// Reads from `at` in `stream` and moves `at` past what it consumed.
    Step skip(std::span<const std::uint8_t> stream, std::size_t& at) noexcept;

    static constexpr std::size_t kMaxLineBytes = 4096;

private:
    enum class State : std::uint8_t { Size, Data, DataEnd, Trailer };
    enum class Line : std::uint8_t { Incomplete, Read, LastRead, Malformed };
    Line read_line(std::span<const std::uint8_t> stream, std::size_t& at) noexcept;

    State state_ = State::Size;
    std::uint64_t left_ = 0;  ///< data bytes of the current chunk not yet passed
    std::size_t trailer_lines_ = 0;
};

}  // namespace schoolgate::classifiers::http
