#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "gateway/decode/packet_decoder.h"

namespace schoolgate::gateway::engine {

/// The worker of a frame read at a few fixed offsets (link header, IP version, addresses, fragment bits,
/// protocol, ports), without decoding it: what lets each worker of a replay skip the other workers'
/// frames for a fraction of a decode (docs/performance.md, section 5g-a). When it answers, a frame that
/// decode_packet passes on with a flow (TCP, UDP, another IP protocol) gets the worker decoded_shard()
/// would give it; a frame decode_packet only counts may get any worker (exactly one counts it). It does
/// not answer (std::nullopt: decode the frame to place it) for IP fragments (every worker reassembles
/// them, so that the datagram's own ports place it), VLAN tags, IPv6 extension headers, Linux cooked
/// links, IP protocol 0 and whatever it cannot read as far as the ports.
std::optional<std::size_t> quick_shard(decode::LinkType link, std::span<const std::uint8_t> frame,
                                       std::size_t shards) noexcept;

}  // namespace schoolgate::gateway::engine
