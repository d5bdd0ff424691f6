#pragma once

#include <cstdint>
#include <span>

#include "classifiers/flow_classifier.h"
#include "classifiers/stream/tcp_decoy_judge.h"
#include "common/net/ip_address.h"
#include "common/net/mac_address.h"
#include "common/time/wall_time.h"

namespace schoolgate::gateway::decode {

inline constexpr std::uint8_t kTcpFin = 0x01;
inline constexpr std::uint8_t kTcpSyn = 0x02;
inline constexpr std::uint8_t kTcpRst = 0x04;
inline constexpr std::uint8_t kTcpAck = 0x10;

/// What an IP fragment carries for reassembly (RFC 791 §3.2, RFC 8200 §4.5). Filled by decode_packet
/// when it answers DecodeStatus::Fragment; the spans view the frame like `payload`.
struct FragmentView {
    std::uint32_t id = 0;          ///< IPv4 identification (16 bits) / IPv6 fragment identification
    std::uint32_t offset = 0;      ///< in bytes (the header's 8-byte units times 8)
    bool more = false;             ///< more fragments follow
    bool cut = false;              ///< the capture's snap length cut the fragment short: not reassemblable
    std::uint8_t protocol = 0;     ///< IPv4 protocol / the next header named by the IPv6 fragment header
    std::uint16_t next_header_at = 0;  ///< IPv6: where in `header` the byte naming the fragment header is
    std::span<const std::uint8_t> header;  ///< unfragmentable part: IPv4 header with options; IPv6 header and
                                           ///< the extension headers before the fragment header
    std::span<const std::uint8_t> data;    ///< the fragment's share of the datagram, link padding trimmed
};

/// One decoded TCP or UDP packet. `payload` views the capture buffer: valid only until the source reads
/// the next packet.
struct PacketView {
    WallTime ts{};  ///< network time (the capture's timestamp), never the wall clock
    net::IpAddress src;
    net::IpAddress dst;
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    classifiers::Transport transport = classifiers::Transport::Tcp;
    std::uint8_t tcp_flags = 0;
    std::uint32_t tcp_seq = 0;
    std::uint32_t tcp_ack = 0;  ///< passive mode's reset needs it: the client accepts a RST at the sequence it acknowledged
    std::uint16_t vlan_id = 0;  ///< innermost 802.1Q id; 0 when untagged
    net::MacAddress src_mac;    ///< sender's MAC when the link layer carries one; zero otherwise
    std::uint32_t frame_bytes = 0;  ///< captured length of the whole frame
    std::uint8_t ip_protocol = 0;   ///< IPv4 protocol / IPv6 upper-layer next header (6, 17, 47 GRE, 50 ESP...)
    std::uint8_t ttl = 0;           ///< IPv4 TTL / IPv6 hop limit as seen here (decoys are sent with less)
    /// The source says the transport checksum was never computed (NFQUEUE's NFQA_SKB_CSUMNOTREADY: a GSO
    /// packet the kernel made from segments it had verified), so it cannot be judged from the bytes.
    bool checksum_not_ready = false;
    /// The source hands over checksums as they came off the wire or as the kernel finished them (NFQUEUE):
    /// a field left for a NIC to finish is then wrong, not an artefact of where a capture was taken.
    bool checksums_final = false;
    /// The transport header and payload as captured (for checksums and, TCP's, for its window and options:
    /// decode::tcp_header_facts), and whether a snap length cut them.
    std::span<const std::uint8_t> transport_bytes;
    bool transport_cut_short = false;
    std::span<const std::uint8_t> payload;
    /// The IP datagram from its first header byte (nDPI reads whole IP packets); trimmed like `payload`.
    std::span<const std::uint8_t> ip_packet;
    /// Set for a datagram rebuilt from fragments that overlapped ambiguously (technique
    /// ip.fragment_overlap): its header is the first fragment's and its payload is left empty, unread.
    bool fragment_overlap = false;
    FragmentView fragment;  ///< only for DecodeStatus::Fragment
};

}  // namespace schoolgate::gateway::decode
