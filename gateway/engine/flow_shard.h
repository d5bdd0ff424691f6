#pragma once

#include <cstddef>
#include <cstdint>

#include "gateway/decode/packet_decoder.h"
#include "gateway/decode/packet_view.h"

namespace schoolgate::gateway::engine {

/// The worker that owns a packet when several engines share a capture. Both directions of a flow pick
/// the same worker, and so do all the flows of one client: the key is the address of the side that is
/// most likely the client - the one on the higher port (an ephemeral port against a service's), the
/// lower address when the ports tie (ESP, GRE, mDNS) - so that a client's DNS answers, its later
/// connections to the addresses they named and its repeated attempts all meet in one engine, whose DNS
/// cache and attempt counts are its own. A sender can only choose its own worker, not load another's.
inline std::size_t client_shard(const net::IpAddress& src, std::uint16_t src_port, const net::IpAddress& dst,
                                std::uint16_t dst_port, std::size_t shards) noexcept {
    const bool source_is_client = src_port != dst_port ? src_port > dst_port : src < dst;
    return (source_is_client ? src : dst).hash() % shards;
}

inline std::size_t flow_shard(const decode::PacketView& packet, std::size_t shards) noexcept {
    return client_shard(packet.src, packet.src_port, packet.dst, packet.dst_port, shards);
}

/// Whether the engine keeps a decoded frame in its flow table (TCP, UDP, another IP protocol), as
/// InspectionEngine::on_decoded decides; the rest is only counted (malformed, not IP, unfinished fragments).
inline bool carries_flow(const decode::DecodeOutcome& outcome, const decode::PacketView& view) noexcept {
    return outcome.status == decode::DecodeStatus::Ok ||
           (outcome.status == decode::DecodeStatus::NotInspected && view.transport == classifiers::Transport::Other &&
            view.ip_protocol != 0);
}

/// The worker of a decoded frame: by flow_shard() when it carries a flow; frames only counted go to the
/// first worker.
inline std::size_t decoded_shard(const decode::DecodeOutcome& outcome, const decode::PacketView& view,
                                 std::size_t shards) noexcept {
    return carries_flow(outcome, view) ? flow_shard(view, shards) : 0;
}

}  // namespace schoolgate::gateway::engine
