#include "gateway/decode/transport_checksum.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstring>
#include <span>

namespace schoolgate::gateway::decode {

namespace {

std::uint16_t fold(std::uint64_t sum) noexcept {
    while (sum >> 16) sum = (sum & 0xffffu) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

// RFC 1071: the ones' complement sum of 16-bit words, an odd last byte padded with zero. Summed four bytes
// at a time in the machine's own byte order (RFC 1071 §2(B): the sum is the same in either order, byte-swapped),
// then folded and swapped to network order: a segment's checksum reads every byte, and word by word in
// network order it was the packet path's most expensive loop for the segments it judges.
std::uint64_t add_words(std::uint64_t sum, std::span<const std::uint8_t> bytes) noexcept {
    std::uint64_t native = 0;
    std::size_t i = 0;
    for (; i + 4 <= bytes.size(); i += 4) {
        std::uint32_t word = 0;
        std::memcpy(&word, bytes.subspan(i, 4).data(), 4);
        native += word;
    }
    std::array<std::uint8_t, 4> tail{};  // the last 0-3 bytes, zero-padded like the odd last byte
    std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(i), bytes.end(), tail.begin());
    std::uint32_t word = 0;
    std::memcpy(&word, tail.data(), 4);
    native += word;
    const std::uint16_t folded = fold(native);
    if constexpr (std::endian::native == std::endian::little) {
        return sum + static_cast<std::uint16_t>((folded << 8) | (folded >> 8));
    } else {
        return sum + folded;
    }
}

std::uint64_t pseudo_header_sum(const PacketView& packet, std::uint32_t length) noexcept {
    std::uint64_t sum = add_words(0, packet.src.bytes());
    sum = add_words(sum, packet.dst.bytes());
    // IPv4: zero, protocol, 16-bit length; IPv6: 32-bit length, three zero bytes, next header. Summed as
    // words both come to the same: the length's words and the protocol.
    return sum + (length >> 16) + (length & 0xffffu) + packet.ip_protocol;
}

}  // namespace

ChecksumCheck check_transport_checksum(const PacketView& packet) noexcept {
    const auto segment = packet.transport_bytes;
    const std::size_t field_at = packet.transport == classifiers::Transport::Tcp ? 16 : 6;
    if (packet.checksum_not_ready || packet.transport_cut_short || segment.size() < field_at + 2) {
        return ChecksumCheck::Unknown;
    }
    const auto length = static_cast<std::uint32_t>(segment.size());
    const std::uint64_t pseudo = pseudo_header_sum(packet, length);
    if (fold(add_words(pseudo, segment)) == 0xffffu) return ChecksumCheck::Valid;
    const auto field = static_cast<std::uint16_t>((segment[field_at] << 8) | segment[field_at + 1]);
    return field == fold(pseudo) ? ChecksumCheck::Offloaded : ChecksumCheck::Bad;
}

}  // namespace schoolgate::gateway::decode
