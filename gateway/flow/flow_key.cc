#include "gateway/flow/flow_key.h"

#include <cstring>
#include <tuple>

namespace schoolgate::gateway::flow {

FlowKey make_flow_key(const net::IpAddress& src, std::uint16_t src_port, const net::IpAddress& dst,
                      std::uint16_t dst_port, std::uint16_t vlan_id, classifiers::Transport transport,
                      bool& sender_is_low, std::uint8_t ip_protocol) noexcept {
    sender_is_low = std::tie(src, src_port) <= std::tie(dst, dst_port);
    FlowKey key;
    key.low_address = sender_is_low ? src : dst;
    key.high_address = sender_is_low ? dst : src;
    key.low_port = sender_is_low ? src_port : dst_port;
    key.high_port = sender_is_low ? dst_port : src_port;
    key.vlan_id = vlan_id;
    key.transport = transport;
    key.ip_protocol = transport == classifiers::Transport::Other ? ip_protocol : 0;
    return key;
}

namespace {

// SplitMix64 finaliser: a strong, cheap mixer for combining 64-bit words.
std::uint64_t mix(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Big-endian loads of whole words (the same value the byte-at-a-time loop this replaced computed, so the
// hash is unchanged): an address costs one or two mixes and no per-byte loop.
std::uint64_t load_be64(const std::uint8_t* bytes) noexcept {
    std::uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    return __builtin_bswap64(word);
}

std::uint64_t load_be32(const std::uint8_t* bytes) noexcept {
    std::uint32_t word;
    std::memcpy(&word, bytes, sizeof word);
    return __builtin_bswap32(word);
}

std::uint64_t absorb_address(std::uint64_t h, const net::IpAddress& address) noexcept {
    const auto bytes = address.bytes();  // 4 or 16 bytes: an address, not packet data
    if (bytes.size() == 4) return mix(h ^ load_be32(bytes.data()) ^ (std::uint64_t{4} << 56));
    h = mix(h ^ load_be64(bytes.data()));
    return mix(h ^ load_be64(bytes.subspan(8).data()));
}

}  // namespace

std::uint64_t hash_flow_key(const FlowKey& key, std::uint64_t seed) noexcept {
    std::uint64_t h = mix(seed ^ 0x9e3779b97f4a7c15ULL);
    h = absorb_address(h, key.low_address);
    h = absorb_address(h, key.high_address);
    const std::uint64_t ports = (std::uint64_t{key.low_port} << 48) | (std::uint64_t{key.high_port} << 32) |
                                (std::uint64_t{key.ip_protocol} << 24) | (std::uint64_t{key.vlan_id} << 8) |
                                static_cast<std::uint64_t>(key.transport);
    return mix(h ^ ports);
}

}  // namespace schoolgate::gateway::flow
