#pragma once

#include <cstdint>

namespace schoolgate::gateway::enforce {

/// The packet and connection mark bits schoolgate owns (and no others: a gateway uses marks for policy
/// routing and VPNs too, so every rule and verdict masks with kMarkMask and keeps the other bits).
///
/// The kernel here cannot set a connection mark from a queue verdict (no NETLINK_GLUE_CT), so the daemon
/// marks the packet, and an nft rule after the queue copies the bit to the connection (conntrack) mark,
/// where the rules before the queue act on every later packet. See docs/deploy.md.
inline constexpr std::uint32_t kMarkMask = 0x00000f00;
/// The connection is blocked: the kernel resets (TCP) or drops (UDP) every later packet of it.
inline constexpr std::uint32_t kMarkBlocked = 0x00000100;
/// The connection is decided and allowed: the kernel stops queueing it.
inline constexpr std::uint32_t kMarkSettled = 0x00000200;
/// The connection is a conversation the engine is still reading (PassWatched): the kernel keeps queueing
/// it past the inspect_packets window (both directions: inline, the decoy judge reads every server packet).
inline constexpr std::uint32_t kMarkWatched = 0x00000800;
/// The daemon gave this packet its verdict. A queued-range packet without it went through uninspected
/// (daemon down or behind: --queue-bypass / fail-open) and the kernel counts it.
inline constexpr std::uint32_t kMarkInspected = 0x00000400;

constexpr std::uint32_t with_marks(std::uint32_t packet_mark, std::uint32_t bits) noexcept {
    return (packet_mark & ~kMarkMask) | (bits & kMarkMask);
}

}  // namespace schoolgate::gateway::enforce
