#pragma once

#include <cstdint>
#include <span>

#include "common/net/mac_address.h"
#include "common/time/wall_time.h"
#include "gateway/decode/packet_decoder.h"

namespace schoolgate::gateway::engine {

/// One frame as every packet source hands it to the engine (replay's capture file, passive capture,
/// NFQUEUE): the bytes as the link delivered them, the school time they happened at (already shifted,
/// time::SchoolTimeShift) and, where the link carries none (NFQUEUE hands over IP packets), the sender's
/// MAC. `bytes` is borrowed for the call only.
/// What the source knows about the frame's transport checksums (see decode::PacketView).
struct FrameChecksums {
    bool not_ready = false;  ///< NFQUEUE's NFQA_SKB_CSUMNOTREADY: never computed, cannot be judged
    bool final = false;      ///< NFQUEUE: a field left for a NIC to finish is wrong, not a capture artefact
};

struct Frame {
    decode::LinkType link = decode::LinkType::Ethernet;
    std::span<const std::uint8_t> bytes;
    WallTime ts{};
    net::MacAddress mac;
    FrameChecksums checksums{};
};

}  // namespace schoolgate::gateway::engine
