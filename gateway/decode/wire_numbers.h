#pragma once

#include <cstdint>

namespace schoolgate::gateway::decode {

/// The link and IP numbers the decoder reads, shared with the replay's quick placement
/// (gateway/engine/quick_shard.cc), which must read a frame exactly as the decoder does.
inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr std::uint16_t kEtherTypeVlan = 0x8100;
inline constexpr std::uint16_t kEtherTypeQinQ = 0x88a8;
inline constexpr std::uint16_t kEtherTypeQinQOld = 0x9100;
inline constexpr std::uint8_t kProtocolTcp = 6;
inline constexpr std::uint8_t kProtocolUdp = 17;

}  // namespace schoolgate::gateway::decode
