#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace schoolgate::wire {

using Bytes = std::span<const std::uint8_t>;

/// Forward-only reader over untrusted bytes. It never reads past the end: when fewer bytes remain than
/// requested, an accessor returns std::nullopt and leaves the cursor where it was. The viewed bytes must
/// outlive the reader. Not thread-safe; cheap to copy (a copy is an independent cursor).
class ByteReader {
public:
    constexpr ByteReader() noexcept = default;
    constexpr explicit ByteReader(Bytes bytes) noexcept : rest_(bytes) {}

    // The fixed-width reads are defined here, in the header, so that they inline into every parser: they
    // run for each field of each packet (a call each cost about 5 % of replay, bench/instructions).
    std::optional<std::uint8_t> read_u8() noexcept {
        if (rest_.empty()) return std::nullopt;
        const std::uint8_t value = rest_.front();
        rest_ = rest_.subspan(1);
        return value;
    }
    std::optional<std::uint16_t> read_u16() noexcept {  ///< big-endian
        if (rest_.size() < 2) return std::nullopt;
        const auto value = static_cast<std::uint16_t>((rest_.front() << 8) | rest_.subspan(1).front());
        rest_ = rest_.subspan(2);
        return value;
    }
    std::optional<std::uint32_t> read_u24() noexcept {  ///< big-endian (TLS handshake lengths)
        const auto bytes = read_bytes(3);
        if (!bytes) return std::nullopt;
        return (std::uint32_t{bytes->front()} << 16) | (std::uint32_t{bytes->subspan(1).front()} << 8) |
               bytes->back();
    }
    std::optional<std::uint32_t> read_u32() noexcept {  ///< big-endian
        const auto bytes = read_bytes(4);
        if (!bytes) return std::nullopt;
        return (std::uint32_t{bytes->front()} << 24) | (std::uint32_t{bytes->subspan(1).front()} << 16) |
               (std::uint32_t{bytes->subspan(2).front()} << 8) | bytes->back();
    }
    std::optional<Bytes> read_bytes(std::size_t count) noexcept {
        if (count > rest_.size()) return std::nullopt;
        const Bytes bytes = rest_.first(count);
        rest_ = rest_.subspan(count);
        return bytes;
    }
    /// Returns the next `count` bytes without consuming them.
    std::optional<Bytes> peek_bytes(std::size_t count) const noexcept {
        if (count > rest_.size()) return std::nullopt;
        return rest_.first(count);
    }
    std::optional<std::uint8_t> peek_u8() const noexcept {
        if (rest_.empty()) return std::nullopt;
        return rest_.front();
    }
    bool skip(std::size_t count) noexcept {
        if (count > rest_.size()) return false;
        rest_ = rest_.subspan(count);
        return true;
    }

    /// Reads a length prefix, then returns a reader confined to that many bytes (consumed from this one).
    std::optional<ByteReader> read_u8_prefixed() noexcept;
    std::optional<ByteReader> read_u16_prefixed() noexcept;
    std::optional<ByteReader> read_u24_prefixed() noexcept;

    /// Everything not yet read; the reader is then empty.
    Bytes read_rest() noexcept {
        const Bytes all = rest_;
        rest_ = {};
        return all;
    }
    Bytes rest() const noexcept { return rest_; }
    std::size_t remaining() const noexcept { return rest_.size(); }
    bool empty() const noexcept { return rest_.empty(); }

private:
    Bytes rest_;
};

/// Bounds-checked big-endian loads from an absolute offset, for the few formats (DNS compression pointers)
/// that jump backwards in a message. Returns std::nullopt when the value does not fit.
std::optional<std::uint8_t> load_u8(Bytes bytes, std::size_t offset) noexcept;
std::optional<std::uint16_t> load_u16(Bytes bytes, std::size_t offset) noexcept;

}  // namespace schoolgate::wire
