#pragma once

#include <cstdint>
#include <span>

#include "classifiers/anomaly.h"
#include "gateway/decode/packet_view.h"

namespace schoolgate::gateway::decode {

/// Link layers we decode (libpcap DLT values are mapped to these by the capture source).
enum class LinkType : std::uint8_t { Ethernet, LinuxSll, LinuxSll2, RawIp, Null };

enum class DecodeStatus : std::uint8_t {
    Ok,           ///< a TCP or UDP packet; `view` is filled
    NotInspected, ///< well-formed but not ours (ARP, ICMP, ESP, ...): counted, not an anomaly
    Fragment,     ///< an IP fragment: `view.fragment` describes it for the reassembler (IpReassembler)
    Malformed,    ///< counted under `anomaly` and skipped
};

struct DecodeOutcome {
    DecodeStatus status;
    classifiers::Anomaly anomaly = classifiers::Anomaly::LinkTruncated;  ///< for Fragment and Malformed
};

/// Decodes link, optional 802.1Q/802.1ad tags (up to kMaxVlanTags), IPv4 (with options) or IPv6 (with
/// extension headers) and TCP or UDP. Pure and total: every read is bounds-checked through wire::ByteReader.
/// When a capture's snap length cut the packet short, the payload is what was captured; Ethernet padding
/// past the IP length is trimmed. `view.ts` is left for the caller to set.
DecodeOutcome decode_packet(LinkType link, std::span<const std::uint8_t> frame, PacketView& view) noexcept;

/// What a decoded TCP packet's header says about whether its receiver will accept it: its window and its
/// options (window scale, timestamps, MD5 signature), read from `view.transport_bytes` when asked rather
/// than for every packet, since only segments of flows still inspected are judged (the decoy judge). Empty
/// facts for a packet that is not TCP.
classifiers::stream::TcpHeaderFacts tcp_header_facts(const PacketView& view) noexcept;

inline constexpr std::size_t kMaxVlanTags = 4;
inline constexpr std::size_t kMaxIpv6ExtensionHeaders = 8;

}  // namespace schoolgate::gateway::decode
