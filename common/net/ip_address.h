#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schoolgate::net {

enum class IpFamily : std::uint8_t { V4 = 4, V6 = 6 };

/// An IPv4 or IPv6 address held by value (17 bytes of payload). IPv4 addresses use the first 4 bytes;
/// the rest stay zero so that equality and hashing are plain byte comparisons.
class IpAddress {
public:
    constexpr IpAddress() noexcept = default;

    static IpAddress v4(std::uint32_t host_order) noexcept;
    /// `bytes` must hold exactly 4 (IPv4) or 16 (IPv6) bytes in network order; anything else yields
    /// std::nullopt.
    static std::optional<IpAddress> from_network_bytes(std::span<const std::uint8_t> bytes) noexcept;
    /// The same for bytes whose length is already known (a decoded IP header): a fixed-size copy.
    static IpAddress from_v4_bytes(std::span<const std::uint8_t, 4> bytes) noexcept {
        IpAddress address;
        std::memcpy(address.bytes_.data(), bytes.data(), 4);
        return address;
    }
    static IpAddress from_v6_bytes(std::span<const std::uint8_t, 16> bytes) noexcept {
        IpAddress address;
        address.family_ = IpFamily::V6;
        std::memcpy(address.bytes_.data(), bytes.data(), 16);
        return address;
    }
    /// Parses dotted-quad IPv4 or RFC 4291 text IPv6 (no zone ids, no brackets).
    static std::optional<IpAddress> parse(std::string_view text);

    IpFamily family() const noexcept { return family_; }
    bool is_v4() const noexcept { return family_ == IpFamily::V4; }
    std::size_t byte_length() const noexcept { return is_v4() ? 4 : 16; }
    std::span<const std::uint8_t> bytes() const noexcept { return {bytes_.data(), byte_length()}; }
    std::uint32_t v4_host_order() const noexcept;
    /// 224.0.0.0/4 or ff00::/8: a group address, only ever a destination.
    bool is_multicast() const noexcept { return is_v4() ? (bytes_[0] & 0xf0) == 0xe0 : bytes_[0] == 0xff; }
    /// 255.255.255.255, which no router forwards (RFC 919).
    bool is_limited_broadcast() const noexcept {
        return is_v4() && bytes_[0] == 0xff && bytes_[1] == 0xff && bytes_[2] == 0xff && bytes_[3] == 0xff;
    }

    /// RFC 5952 text for IPv6, dotted quad for IPv4.
    std::string to_string() const;
    std::size_t hash() const noexcept;
    /// A hash under `seed` (net::random_hash_seed()), for tables keyed by addresses an outsider chooses (the
    /// addresses in DNS answers): without the seed, addresses cannot be picked to share one bucket.
    std::size_t keyed_hash(std::uint64_t seed) const noexcept;

    // Family first, then the bytes in order, as a member-wise comparison would; done on two 64-bit words
    // (big-endian, so word order is byte order) because every packet compares its two addresses to build
    // the canonical flow key, and the flow table compares keys on every lookup.
    friend bool operator==(const IpAddress& a, const IpAddress& b) noexcept {
        return a.family_ == b.family_ && a.word(0) == b.word(0) && a.word(1) == b.word(1);
    }
    friend std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) noexcept {
        if (a.family_ != b.family_) return a.family_ <=> b.family_;
        if (a.word(0) != b.word(0)) return a.ordered_word(0) <=> b.ordered_word(0);
        return a.ordered_word(1) <=> b.ordered_word(1);
    }

private:
    std::uint64_t word(std::size_t index) const noexcept {
        std::uint64_t value;
        std::memcpy(&value, bytes_.data() + 8 * index, sizeof value);  // index 0 or 1: inside the 16 bytes
        return value;
    }
    /// word() as a number whose order is the bytes' order.
    std::uint64_t ordered_word(std::size_t index) const noexcept {
        if constexpr (std::endian::native == std::endian::little) return __builtin_bswap64(word(index));
        return word(index);
    }

    IpFamily family_ = IpFamily::V4;
    std::array<std::uint8_t, 16> bytes_{};
};

struct IpAddressHash {
    std::size_t operator()(const IpAddress& address) const noexcept { return address.hash(); }
};

/// IpAddressHash with a seed drawn when the table is built.
struct KeyedIpAddressHash {
    KeyedIpAddressHash();
    std::size_t operator()(const IpAddress& address) const noexcept { return address.keyed_hash(seed); }
    std::uint64_t seed;
};

}  // namespace schoolgate::net
