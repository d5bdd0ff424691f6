#include "gateway/engine/quick_shard.h"

#include <algorithm>

#include "common/wire/fixed_header.h"
#include "gateway/decode/wire_numbers.h"
#include "gateway/engine/flow_shard.h"

namespace schoolgate::gateway::engine {

namespace {

using wire::at;
using wire::be16;
using wire::peek_fixed;

using decode::kEtherTypeIpv4;
using decode::kEtherTypeIpv6;
using decode::kProtocolTcp;
using decode::kProtocolUdp;

// The transport's ports as decode_transport reads them from the IP payload (trimmed to the IP length), or
// 0 and 0 for another protocol; std::nullopt when they are not there (decoding would call it malformed).
struct Ports {
    std::uint16_t src = 0;
    std::uint16_t dst = 0;
};

std::optional<Ports> ports_of(std::uint8_t protocol, std::span<const std::uint8_t> payload) noexcept {
    if (protocol == 0) return std::nullopt;  // decoded as not inspected and flowless: decoding places it
    if (protocol != kProtocolTcp && protocol != kProtocolUdp) return Ports{};
    const auto header = peek_fixed<4>(payload);
    if (!header) return std::nullopt;
    return Ports{be16<0>(*header), be16<2>(*header)};
}

std::optional<std::size_t> ipv4_shard(std::span<const std::uint8_t> packet, std::size_t shards) noexcept {
    const auto header = peek_fixed<20>(packet);
    if (!header) return std::nullopt;
    const std::size_t header_length = std::size_t{at<0>(*header) & 0x0fu} * 4;
    const std::uint16_t total_length = be16<2>(*header);
    if (header_length < 20 || total_length < header_length || packet.size() < header_length) return std::nullopt;
    if ((be16<6>(*header) & 0x3fffu) != 0) return std::nullopt;  // a fragment: every worker reassembles it
    const auto datagram = packet.first(std::min<std::size_t>(total_length, packet.size()));
    const auto ports = ports_of(at<9>(*header), datagram.subspan(header_length));
    if (!ports) return std::nullopt;
    return client_shard(net::IpAddress::from_v4_bytes(wire::bytes<12, 4>(*header)), ports->src,
                        net::IpAddress::from_v4_bytes(wire::bytes<16, 4>(*header)), ports->dst, shards);
}

std::optional<std::size_t> ipv6_shard(std::span<const std::uint8_t> packet, std::size_t shards) noexcept {
    constexpr std::size_t kHeaderBytes = 40;
    const auto header = peek_fixed<kHeaderBytes>(packet);
    if (!header) return std::nullopt;
    const std::uint8_t next_header = at<6>(*header);
    // Hop-by-hop, routing, fragment, destination options: decoding walks the chain.
    if (next_header == 0 || next_header == 43 || next_header == 44 || next_header == 60) return std::nullopt;
    const auto rest = packet.subspan(kHeaderBytes);
    const auto ports = ports_of(next_header, rest.first(std::min<std::size_t>(be16<4>(*header), rest.size())));
    if (!ports) return std::nullopt;
    return client_shard(net::IpAddress::from_v6_bytes(wire::bytes<8, 16>(*header)), ports->src,
                        net::IpAddress::from_v6_bytes(wire::bytes<24, 16>(*header)), ports->dst, shards);
}

// decode_ip's choice: the version nibble, whatever the link said.
std::optional<std::size_t> ip_shard(std::span<const std::uint8_t> packet, std::size_t shards) noexcept {
    const auto first = peek_fixed<1>(packet);
    if (!first) return std::nullopt;
    if ((at<0>(*first) >> 4) == 4) return ipv4_shard(packet, shards);
    if ((at<0>(*first) >> 4) == 6) return ipv6_shard(packet, shards);
    return std::nullopt;
}

}  // namespace

std::optional<std::size_t> quick_shard(decode::LinkType link, std::span<const std::uint8_t> frame,
                                       std::size_t shards) noexcept {
    switch (link) {
        case decode::LinkType::Ethernet: {
            const auto header = peek_fixed<14>(frame);
            if (!header) return std::nullopt;
            const std::uint16_t ethertype = be16<12>(*header);
            if (ethertype == kEtherTypeIpv4 || ethertype == kEtherTypeIpv6) return ip_shard(frame.subspan(14), shards);
            return std::nullopt;  // VLAN tags, ARP and the rest: decoding places them
        }
        case decode::LinkType::RawIp: return ip_shard(frame, shards);
        case decode::LinkType::Null:
            if (frame.size() < 4) return std::nullopt;
            return ip_shard(frame.subspan(4), shards);
        case decode::LinkType::LinuxSll:
        case decode::LinkType::LinuxSll2: break;
    }
    return std::nullopt;
}

}  // namespace schoolgate::gateway::engine
