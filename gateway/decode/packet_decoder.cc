#include "gateway/decode/packet_decoder.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "common/wire/byte_reader.h"
#include "common/wire/fixed_header.h"
#include "gateway/decode/wire_numbers.h"

namespace schoolgate::gateway::decode {

namespace {

using classifiers::Anomaly;
using classifiers::stream::TcpHeaderFacts;
using wire::ByteReader;
using wire::at;
using wire::be16;
using wire::be32;
using wire::peek_fixed;

DecodeOutcome ok() { return {DecodeStatus::Ok}; }
DecodeOutcome skip() { return {DecodeStatus::NotInspected}; }
DecodeOutcome malformed(Anomaly anomaly) { return {DecodeStatus::Malformed, anomaly}; }
DecodeOutcome fragment(Anomaly anomaly) { return {DecodeStatus::Fragment, anomaly}; }

// RFC 9293 §3.1 options: kind 0 ends the list, kind 1 is one byte of padding, every other kind carries its
// own length. A malformed list is read as far as it is well formed: the receiver would drop the segment,
// and what was read still describes it.
TcpHeaderFacts read_tcp_options(std::span<const std::uint8_t> options, std::uint16_t window) {
    TcpHeaderFacts facts;
    facts.window = window;
    ByteReader reader{options};
    while (const auto kind = reader.read_u8()) {
        if (*kind == 0) break;
        if (*kind == 1) continue;
        const auto length = reader.read_u8();
        if (!length || *length < 2) break;
        const auto body = reader.read_bytes(std::size_t{*length} - 2);
        if (!body) break;
        if (*kind == 3 && body->size() == 1) facts.window_scale = (*body)[0];
        if (*kind == 8 && body->size() == 8) {
            facts.has_timestamp = true;
            facts.ts_value = ByteReader{*body}.read_u32().value_or(0);
        }
        if (*kind == 19) facts.md5_option = true;
    }
    return facts;
}

// Each header is length-checked once, then read at fixed offsets (common/wire/fixed_header.h). The options
// are left in transport_bytes for tcp_header_facts().
DecodeOutcome decode_tcp(ByteReader segment, PacketView& view) {
    view.transport_bytes = segment.rest();
    const auto header = peek_fixed<20>(segment.rest());
    if (!header) return malformed(Anomaly::TcpTruncated);
    const std::size_t header_length = static_cast<std::size_t>(at<12>(*header) >> 4) * 4;
    if (header_length < 20) return malformed(Anomaly::TcpBadDataOffset);
    if (segment.remaining() < header_length) return malformed(Anomaly::TcpBadDataOffset);
    segment.skip(header_length);
    view.transport = classifiers::Transport::Tcp;
    view.src_port = be16<0>(*header);
    view.dst_port = be16<2>(*header);
    view.tcp_seq = be32<4>(*header);
    view.tcp_ack = be32<8>(*header);
    view.tcp_flags = at<13>(*header);
    view.payload = segment.read_rest();
    return ok();
}

DecodeOutcome decode_udp(ByteReader datagram, PacketView& view, bool cut_by_snaplen) {
    const auto header = peek_fixed<8>(datagram.rest());
    if (!header) return malformed(Anomaly::UdpTruncated);
    datagram.skip(8);
    const std::uint16_t length = be16<4>(*header);
    if (length < 8) return malformed(Anomaly::UdpBadLength);
    const std::size_t payload_length = length - 8u;
    if (payload_length > datagram.remaining() && !cut_by_snaplen) return malformed(Anomaly::UdpBadLength);
    view.transport = classifiers::Transport::Udp;
    view.src_port = be16<0>(*header);
    view.dst_port = be16<2>(*header);
    view.tcp_flags = 0;
    view.tcp_seq = 0;
    view.tcp_ack = 0;
    view.payload = datagram.rest().first(std::min(payload_length, datagram.remaining()));
    return ok();
}

DecodeOutcome decode_transport(std::uint8_t protocol, ByteReader payload, PacketView& view, bool cut_by_snaplen) {
    view.ip_protocol = protocol;
    view.transport_cut_short = cut_by_snaplen;
    if (protocol == kProtocolTcp) return decode_tcp(payload, view);
    if (protocol == kProtocolUdp) return decode_udp(payload, view, cut_by_snaplen);
    // Another IP protocol (ESP, GRE, ICMP...): not inspected, but addressed, so that the engine can keep
    // it in the flow table like every flow (a flow per address pair and protocol).
    view.transport = classifiers::Transport::Other;
    view.src_port = 0;
    view.dst_port = 0;
    view.tcp_flags = 0;
    view.tcp_seq = 0;
    view.tcp_ack = 0;
    view.payload = payload.rest();
    return skip();
}

DecodeOutcome decode_ipv4(ByteReader packet, PacketView& view) {
    // version/IHL, DSCP, total length, identification, flags/fragment offset, TTL, protocol, checksum,
    // source, destination.
    const auto header = peek_fixed<20>(packet.rest());
    if (!header) return malformed(Anomaly::Ipv4Truncated);
    const std::size_t header_length = std::size_t{at<0>(*header) & 0x0fu} * 4;
    const std::uint16_t total_length = be16<2>(*header);
    if (header_length < 20) return malformed(Anomaly::Ipv4BadHeaderLength);
    if (total_length < header_length) return malformed(Anomaly::Ipv4BadTotalLength);
    if (packet.remaining() < header_length) return malformed(Anomaly::Ipv4Truncated);

    view.src = net::IpAddress::from_v4_bytes(wire::bytes<12, 4>(*header));
    view.dst = net::IpAddress::from_v4_bytes(wire::bytes<16, 4>(*header));
    view.ttl = at<8>(*header);
    const bool cut_by_snaplen = packet.remaining() < total_length;
    // Trim link-layer padding past the IP datagram; keep what a snap length left.
    ByteReader datagram{packet.rest().first(std::min<std::size_t>(total_length, packet.remaining()))};
    view.ip_packet = datagram.rest();
    const std::uint16_t flags_and_offset = be16<6>(*header);
    if ((flags_and_offset & 0x3fffu) != 0) {
        // More-fragments set or a non-zero offset: a fragment, described for the reassembler (engine's
        // FrameDecoder), which alone may say what the datagram carried.
        view.ip_protocol = at<9>(*header);
        view.fragment = {be16<4>(*header), (flags_and_offset & 0x1fffu) * 8u, (flags_and_offset & 0x2000u) != 0,
                         cut_by_snaplen, at<9>(*header), 0, datagram.rest().first(header_length),
                         datagram.rest().subspan(header_length)};
        return fragment(Anomaly::Ipv4Fragment);
    }
    datagram.skip(header_length);
    return decode_transport(at<9>(*header), datagram, view, cut_by_snaplen);
}

// RFC 8200 §4.5: next header, reserved, offset (13 bits) / reserved (2) / M, identification.
DecodeOutcome ipv6_fragment(std::span<const std::uint8_t> header_part, std::size_t naming_at, ByteReader rest,
                            bool cut_by_snaplen, PacketView& view) {
    const auto fragment_header = peek_fixed<8>(rest.rest());
    if (!fragment_header) return malformed(Anomaly::Ipv6ExtensionHeaderTruncated);
    rest.skip(8);
    const std::uint16_t offset_and_flags = be16<2>(*fragment_header);
    view.ip_protocol = at<0>(*fragment_header);
    view.fragment = {be32<4>(*fragment_header), static_cast<std::uint32_t>(offset_and_flags & 0xfff8u),
                     (offset_and_flags & 0x0001u) != 0, cut_by_snaplen, at<0>(*fragment_header),
                     static_cast<std::uint16_t>(naming_at), header_part, rest.rest()};
    return fragment(Anomaly::Ipv6Fragment);
}

// RFC 8200 §4: extension headers chain through next-header fields until an upper-layer protocol.
constexpr std::size_t kIpv6HeaderBytes = 40;

DecodeOutcome decode_ipv6(ByteReader packet, PacketView& view) {
    const auto whole = packet.rest();
    // Version, traffic class and flow label (the version checked by the caller), payload length, next
    // header, hop limit, source, destination.
    const auto header = peek_fixed<kIpv6HeaderBytes>(whole);
    if (!header) return malformed(Anomaly::Ipv6Truncated);
    packet.skip(kIpv6HeaderBytes);
    const std::uint16_t payload_length = be16<4>(*header);
    std::optional<std::uint8_t> next_header = at<6>(*header);
    view.src = net::IpAddress::from_v6_bytes(wire::bytes<8, 16>(*header));
    view.ttl = at<7>(*header);  // hop limit
    view.dst = net::IpAddress::from_v6_bytes(wire::bytes<24, 16>(*header));
    const bool cut_by_snaplen = packet.remaining() < payload_length;
    ByteReader payload{packet.rest().first(std::min<std::size_t>(payload_length, packet.remaining()))};
    view.ip_packet = whole.first(kIpv6HeaderBytes + payload.remaining());
    const std::size_t payload_bytes = payload.remaining();
    std::size_t naming_at = 6;  // where the byte naming the current header sits (the fixed header's next header)

    for (std::size_t count = 0;; ++count) {
        const std::size_t header_at = kIpv6HeaderBytes + payload_bytes - payload.remaining();
        switch (*next_header) {
            case 0:    // hop-by-hop options
            case 43:   // routing
            case 60: { // destination options
                if (count >= kMaxIpv6ExtensionHeaders) return malformed(Anomaly::Ipv6TooManyExtensionHeaders);
                ByteReader ext = payload;
                next_header = ext.read_u8();
                const auto length_units = ext.read_u8();
                if (!next_header || !length_units || !payload.skip((std::size_t{*length_units} + 1) * 8)) {
                    return malformed(Anomaly::Ipv6ExtensionHeaderTruncated);
                }
                naming_at = header_at;  // an extension header names the next one in its first byte
                break;
            }
            case 44: return ipv6_fragment(whole.first(header_at), naming_at, payload, cut_by_snaplen, view);
            default: return decode_transport(*next_header, payload, view, cut_by_snaplen);
        }
    }
}

DecodeOutcome decode_ip(ByteReader packet, PacketView& view) {
    const auto first = packet.peek_u8();
    if (!first) return malformed(Anomaly::Ipv4Truncated);
    if ((*first >> 4) == 4) return decode_ipv4(packet, view);
    if ((*first >> 4) == 6) return decode_ipv6(packet, view);
    return malformed(Anomaly::IpUnsupportedVersion);
}

DecodeOutcome decode_ethertype(std::uint16_t ethertype, ByteReader payload, PacketView& view) {
    // With no IP byte to read a version from, the ethertype names what was cut off.
    if (ethertype == kEtherTypeIpv6 && payload.empty()) return malformed(Anomaly::Ipv6Truncated);
    if (ethertype == kEtherTypeIpv4 || ethertype == kEtherTypeIpv6) return decode_ip(payload, view);
    return skip();
}

void read_mac(wire::Fixed<6> bytes, PacketView& view) {
    std::array<std::uint8_t, 6> mac;
    std::memcpy(mac.data(), bytes.data(), mac.size());
    view.src_mac = net::MacAddress{mac};
}

DecodeOutcome decode_ethernet(ByteReader frame, PacketView& view) {
    // Destination, source, ethertype.
    const auto header = peek_fixed<14>(frame.rest());
    if (!header) return malformed(Anomaly::LinkTruncated);
    frame.skip(14);
    read_mac(wire::bytes<6, 6>(*header), view);
    std::optional<std::uint16_t> ethertype = be16<12>(*header);
    for (std::size_t tags = 0;
         *ethertype == kEtherTypeVlan || *ethertype == kEtherTypeQinQ || *ethertype == kEtherTypeQinQOld; ++tags) {
        if (tags >= kMaxVlanTags) return malformed(Anomaly::VlanTooManyTags);
        const auto tci = frame.read_u16();
        ethertype = frame.read_u16();
        if (!tci || !ethertype) return malformed(Anomaly::LinkTruncated);
        view.vlan_id = static_cast<std::uint16_t>(*tci & 0x0fffu);  // the innermost tag is the one kept
    }
    return decode_ethertype(*ethertype, frame, view);
}

DecodeOutcome decode_sll(ByteReader frame, PacketView& view) {
    // Linux cooked v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
    frame.skip(4);
    const auto address_length = frame.read_u16();
    const auto address = frame.read_bytes(8);
    const auto protocol = frame.read_u16();
    if (!address_length || !address || !protocol) return malformed(Anomaly::LinkTruncated);
    if (*address_length == 6) read_mac(address->first<6>(), view);
    return decode_ethertype(*protocol, frame, view);
}

DecodeOutcome decode_sll2(ByteReader frame, PacketView& view) {
    // Linux cooked v2: protocol first, then reserved, ifindex, ARPHRD, packet type, address length, address.
    const auto protocol = frame.read_u16();
    frame.skip(9);  // reserved (2), interface index (4), ARPHRD type (2), packet type (1)
    const auto address_length = frame.read_u8();
    const auto address = frame.read_bytes(8);
    if (!protocol || !address_length || !address) return malformed(Anomaly::LinkTruncated);
    if (*address_length == 6) read_mac(address->first<6>(), view);
    return decode_ethertype(*protocol, frame, view);
}

DecodeOutcome decode_null(ByteReader frame, PacketView& view) {
    // BSD loopback: a 4-byte address family in the capturing host's byte order. 2 is AF_INET everywhere;
    // AF_INET6 differs by OS (24, 28, 30), so the IP version nibble decides instead.
    if (!frame.skip(4)) return malformed(Anomaly::LinkTruncated);
    return decode_ip(frame, view);
}

}  // namespace

TcpHeaderFacts tcp_header_facts(const PacketView& view) noexcept {
    if (view.transport != classifiers::Transport::Tcp) return {};
    const auto header = peek_fixed<20>(view.transport_bytes);
    if (!header) return {};
    const std::size_t header_length = static_cast<std::size_t>(at<12>(*header) >> 4) * 4;
    // decode_tcp checked header_length against what was captured; checked again, as the view is data.
    if (header_length <= 20 || header_length > view.transport_bytes.size()) return TcpHeaderFacts{be16<14>(*header)};
    return read_tcp_options(view.transport_bytes.subspan(20, header_length - 20), be16<14>(*header));
}

DecodeOutcome decode_packet(LinkType link, std::span<const std::uint8_t> frame, PacketView& view) noexcept {
    view.vlan_id = 0;
    view.src_mac = {};
    view.ip_protocol = 0;
    view.ttl = 0;
    view.ip_packet = {};
    view.transport_bytes = {};
    view.checksum_not_ready = false;
    view.fragment_overlap = false;
    view.fragment = {};
    view.frame_bytes = static_cast<std::uint32_t>(frame.size());
    const ByteReader reader{frame};
    switch (link) {
        case LinkType::Ethernet: return decode_ethernet(reader, view);
        case LinkType::LinuxSll: return decode_sll(reader, view);
        case LinkType::LinuxSll2: return decode_sll2(reader, view);
        case LinkType::RawIp: return decode_ip(reader, view);
        case LinkType::Null: return decode_null(reader, view);
    }
    return malformed(Anomaly::LinkUnsupportedType);
}

}  // namespace schoolgate::gateway::decode
