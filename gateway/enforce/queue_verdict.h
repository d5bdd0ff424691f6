#pragma once

#include <cstdint>

#include "gateway/decode/packet_view.h"
#include "gateway/engine/packet_verdict.h"

namespace schoolgate::gateway::enforce {

/// What one queued packet gets back: accept or drop, and the mark to put on it.
struct QueueVerdict {
    bool accept = true;
    std::uint32_t mark = 0;
};

/// Turns the engine's word on a packet into the verdict for the kernel. Every packet is marked inspected;
/// a settled allowed connection is marked settled (the kernel stops queueing it); a watched one (a
/// conversation still read) is marked watched (the kernel queues it past the window); a blocked one is
/// accepted with the blocked mark, so that the nft rule after the queue both marks the connection and
/// resets or drops this very packet. DNS over UDP is the exception: a blocked query is dropped alone,
/// because one client socket sends many queries over the same 5-tuple and only this name is blocked.
QueueVerdict queue_verdict(engine::PacketVerdict verdict, const decode::PacketView& packet,
                           std::uint32_t packet_mark) noexcept;

}  // namespace schoolgate::gateway::enforce
