#pragma once

#include <cstddef>

#include "gateway/decode/packet_view.h"

namespace schoolgate::gateway::engine {

/// The worker that owns a packet when one reader feeds several engines. Both directions of a flow pick
/// the same worker, and so do all the flows of one client: the key is the address of the side that is
/// most likely the client - the one on the higher port (an ephemeral port against a service's), the
/// lower address when the ports tie (ESP, GRE, mDNS) - so that a client's DNS answers, its later
/// connections to the addresses they named and its repeated attempts all meet in one engine, whose DNS
/// cache and attempt counts are its own. A sender can only choose its own worker, not load another's.
inline std::size_t flow_shard(const decode::PacketView& packet, std::size_t shards) noexcept {
    const bool source_is_client = packet.src_port != packet.dst_port ? packet.src_port > packet.dst_port
                                                                     : packet.src < packet.dst;
    const auto& client = source_is_client ? packet.src : packet.dst;
    return client.hash() % shards;
}

}  // namespace schoolgate::gateway::engine
