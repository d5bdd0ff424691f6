#include "gateway/enforce/queue_verdict.h"

#include "gateway/enforce/connection_marks.h"

namespace schoolgate::gateway::enforce {

namespace {

constexpr std::uint16_t kDnsPort = 53;

// DNS over UDP: each datagram is a query of its own. Over TCP a dropped query would be sent again and again
// and hold up the rest of the stream, so a blocked query there cuts the connection like any other block.
bool is_udp_dns(const decode::PacketView& packet) noexcept {
    return packet.transport == classifiers::Transport::Udp && (packet.dst_port == kDnsPort || packet.src_port == kDnsPort);
}

}  // namespace

QueueVerdict queue_verdict(engine::PacketVerdict verdict, const decode::PacketView& packet,
                           std::uint32_t packet_mark) noexcept {
    switch (verdict) {
        case engine::PacketVerdict::Pass: return {true, with_marks(packet_mark, kMarkInspected)};
        case engine::PacketVerdict::PassSettled: return {true, with_marks(packet_mark, kMarkInspected | kMarkSettled)};
        case engine::PacketVerdict::PassWatched: return {true, with_marks(packet_mark, kMarkInspected | kMarkWatched)};
        case engine::PacketVerdict::Block:
            if (is_udp_dns(packet)) return {false, with_marks(packet_mark, kMarkInspected)};
            return {true, with_marks(packet_mark, kMarkInspected | kMarkBlocked)};
    }
    return {true, with_marks(packet_mark, kMarkInspected)};
}

}  // namespace schoolgate::gateway::enforce
