#pragma once

#include <cstdint>

#include "gateway/decode/packet_view.h"

namespace schoolgate::gateway::decode {

enum class ChecksumCheck : std::uint8_t {
    Valid,
    Bad,        ///< the receiver will drop it (an evasion tool's fake: GoodbyeDPI --wrong-chksum, zapret badsum)
    Offloaded,  ///< the field holds only the pseudo-header sum: the sender's NIC was to finish it (a capture
                ///< taken on the sending host, or a GRO super-packet); not evidence either way
    Unknown,    ///< cannot be judged: cut short by the snap length, or the source says it was never computed
};

/// Checks the TCP or UDP checksum of `packet` over its pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1).
/// Only for packets whose checksum matters to a decision: it reads every byte of the segment.
ChecksumCheck check_transport_checksum(const PacketView& packet) noexcept;

}  // namespace schoolgate::gateway::decode
