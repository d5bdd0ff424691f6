#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace schoolgate::wire {

/// A fixed-size protocol header (20 bytes of IPv4, 8 of UDP...) whose length has been checked once, read
/// at offsets checked when the code compiles. The packet path reads every header of every packet: one
/// length check a header instead of one per field (with a std::optional each) took about a third off
/// decoding (docs/performance.md). Get one from take_fixed() or peek_fixed(); fields with at<>, be16<>,
/// be32<> and bytes<>, each a static_assert away from reading past the header.
template <std::size_t N>
using Fixed = std::span<const std::uint8_t, N>;

/// The first N bytes of `bytes`, or std::nullopt when there are fewer.
template <std::size_t N>
constexpr std::optional<Fixed<N>> peek_fixed(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.size() < N) return std::nullopt;
    return bytes.template first<N>();
}

template <std::size_t At, std::size_t N>
constexpr std::uint8_t at(Fixed<N> header) noexcept {
    static_assert(At < N, "field past the end of the header");
    return header[At];
}

template <std::size_t At, std::size_t N>
constexpr std::uint16_t be16(Fixed<N> header) noexcept {
    static_assert(At + 2 <= N, "field past the end of the header");
    return static_cast<std::uint16_t>((header[At] << 8) | header[At + 1]);
}

template <std::size_t At, std::size_t N>
constexpr std::uint32_t be32(Fixed<N> header) noexcept {
    static_assert(At + 4 <= N, "field past the end of the header");
    return (std::uint32_t{header[At]} << 24) | (std::uint32_t{header[At + 1]} << 16) |
           (std::uint32_t{header[At + 2]} << 8) | header[At + 3];
}

template <std::size_t At, std::size_t Count, std::size_t N>
constexpr Fixed<Count> bytes(Fixed<N> header) noexcept {
    static_assert(At + Count <= N, "field past the end of the header");
    return header.template subspan<At, Count>();
}

}  // namespace schoolgate::wire
