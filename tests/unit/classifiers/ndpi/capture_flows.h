#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace schoolgate::test {

/// One IP datagram of a flow, copied out of a capture (IP header onward, cut to the IP total length as
/// PacketView::ip_packet is).
struct FlowPacket {
    std::vector<std::uint8_t> ip;
    std::uint64_t time_ms = 0;
    bool from_client = true;
    bool has_payload = false;  ///< TCP/UDP payload present (the engine asks nDPI from the first one)
};

/// The packets of one flow (5-tuple, both directions), in capture order. The client is the SYN sender
/// (the SYN-ACK receiver), else the sender of the flow's first packet.
struct CapturedFlow {
    std::string description;  ///< "TCP 192.168.1.2:51234 -> 31.13.86.36:443" (client first)
    std::uint8_t ip_protocol = 0;
    std::uint16_t server_port = 0;
    std::vector<std::uint8_t> client_address;  ///< network byte order
    std::uint16_t client_port = 0;
    std::vector<FlowPacket> packets;
};

struct Capture {
    std::vector<CapturedFlow> flows;  ///< in order of first packet
    /// Every packet in capture order, as (flow index, packet index within the flow).
    std::vector<std::pair<std::size_t, std::size_t>> order;
    std::size_t frames = 0;           ///< frames read
    std::size_t ip_packets = 0;       ///< frames that held an IPv4 or IPv6 datagram
};

/// Reads a pcap or pcapng file with libpcap (tests only: production code reads captures through
/// gateway/capture). Link types: Ethernet (with 802.1Q/802.1ad tags), Linux cooked v1 and v2, raw IP,
/// BSD loopback. Fails with libpcap's message when the file cannot be opened or ends in a broken record
/// (a truncated capture is not read as a shorter one).
Result<Capture, std::string> read_capture(const std::string& path);

/// Where the shared third-party nDPI captures are: $SG_NDPI_PCAPS, else ../shared/pcaps/ndpi next to
/// the source tree. Empty when that directory does not exist (CI may not have it).
std::string shared_ndpi_captures();

}  // namespace schoolgate::test
