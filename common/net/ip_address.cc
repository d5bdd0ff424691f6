#include "common/net/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>

#include "common/net/keyed_hash.h"

namespace schoolgate::net {

IpAddress IpAddress::v4(std::uint32_t host_order) noexcept {
    IpAddress address;
    address.family_ = IpFamily::V4;
    address.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
    address.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
    address.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
    address.bytes_[3] = static_cast<std::uint8_t>(host_order);
    return address;
}

std::optional<IpAddress> IpAddress::from_network_bytes(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.size() == 4) return from_v4_bytes(bytes.first<4>());
    if (bytes.size() == 16) return from_v6_bytes(bytes.first<16>());
    return std::nullopt;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    // inet_pton needs a NUL-terminated string; addresses are short, so bound the copy.
    if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
    // Only digits, hex digits, dots and colons can make an address (inet_pton accepts nothing else): a host
    // name is turned down here, without a copy or a call (it is asked for every decided flow's name).
    const auto address_char = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
    };
    if (!std::all_of(text.begin(), text.end(), address_char)) return std::nullopt;
    std::array<char, INET6_ADDRSTRLEN + 1> terminated{};
    std::copy(text.begin(), text.end(), terminated.begin());
    std::array<std::uint8_t, 16> buffer{};
    if (inet_pton(AF_INET, terminated.data(), buffer.data()) == 1) {
        return from_network_bytes(std::span{buffer}.first(4));
    }
    if (inet_pton(AF_INET6, terminated.data(), buffer.data()) == 1) return from_network_bytes(buffer);
    return std::nullopt;
}

std::uint32_t IpAddress::v4_host_order() const noexcept {
    return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) |
           (std::uint32_t{bytes_[2]} << 8) | bytes_[3];
}

std::string IpAddress::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), text, sizeof text);
    return text;
}

std::size_t IpAddress::keyed_hash(std::uint64_t seed) const noexcept {
    const std::uint64_t h = mix64(hash_start(seed) ^ static_cast<std::uint64_t>(family_) ^ word(0));
    return static_cast<std::size_t>(mix64(h ^ word(1)));
}

KeyedIpAddressHash::KeyedIpAddressHash() : seed(random_hash_seed()) {}

std::size_t IpAddress::hash() const noexcept {
    // FNV-1a over the significant bytes: cheap, and good enough for a table keyed by addresses that an
    // attacker does not choose freely (the flow table uses its own keyed hash).
    std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint8_t>(family_);
    for (std::uint8_t b : bytes()) {
        h ^= b;
        h *= 1099511628211ULL;
    }
    return static_cast<std::size_t>(h);
}

}  // namespace schoolgate::net
