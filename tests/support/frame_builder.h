#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace schoolgate::test {

/// Builds captured frames layer by layer for decoder and engine tests: fill in a layer's struct, call
/// build(), and hand the bytes to the layer below as its payload. Every header field a decoder checks has
/// an override (IHL, total length, data offset, UDP length, extension header length) so that malformed
/// frames are one assignment away. Checksums are not computed: the decoder never reads them. Std-only, so
/// any module's tests can use it.
using FrameBytes = std::vector<std::uint8_t>;

namespace frame_detail {

inline void put_u8(FrameBytes& out, unsigned value) { out.push_back(static_cast<std::uint8_t>(value & 0xffu)); }
inline void put_u16(FrameBytes& out, unsigned value) {
    put_u8(out, value >> 8);
    put_u8(out, value);
}
inline void put_u32(FrameBytes& out, std::uint32_t value) {
    put_u16(out, value >> 16);
    put_u16(out, value & 0xffffu);
}
inline void append(FrameBytes& out, std::span<const std::uint8_t> bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
}
/// Pads with zero bytes (IPv4 EOL, TCP EOL, IPv6 Pad1) up to a multiple of `unit`.
inline void pad_to_multiple(FrameBytes& out, std::size_t unit) {
    while (out.size() % unit != 0) out.push_back(0);
}

}  // namespace frame_detail

/// Text as bytes, for payloads: bytes_of("GET / HTTP/1.1\r\n").
inline FrameBytes bytes_of(std::string_view text) { return FrameBytes(text.begin(), text.end()); }

inline constexpr std::uint8_t kIpProtocolTcp = 6;
inline constexpr std::uint8_t kIpProtocolUdp = 17;
inline constexpr std::uint8_t kIpProtocolIcmp = 1;
inline constexpr std::uint8_t kIpProtocolEsp = 50;
inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr std::uint16_t kEtherTypeArp = 0x0806;
inline constexpr std::uint16_t kTpidDot1Q = 0x8100;
inline constexpr std::uint16_t kTpidDot1ad = 0x88a8;

// ---------------------------------------------------------------------------------------------------------
// Transport

/// A TCP segment: 20-byte header, then `options` (padded with EOL to a multiple of 4), then the payload.
struct TcpSegment {
    static constexpr std::uint8_t kFin = 0x01;
    static constexpr std::uint8_t kSyn = 0x02;
    static constexpr std::uint8_t kRst = 0x04;
    static constexpr std::uint8_t kPsh = 0x08;
    static constexpr std::uint8_t kAck = 0x10;

    std::uint16_t src_port = 50000;
    std::uint16_t dst_port = 443;
    std::uint32_t seq = 1000;
    std::uint32_t ack = 0;
    std::uint8_t flags = kPsh | kAck;
    std::uint16_t window = 65535;
    FrameBytes options;
    /// Written instead of the computed data offset (in 32-bit words, 0..15).
    std::optional<std::uint8_t> data_offset_words;
    FrameBytes payload;

    /// MSS (kind 2) option bytes, for `options`.
    static FrameBytes mss_option(std::uint16_t mss) {
        FrameBytes out{2, 4};
        frame_detail::put_u16(out, mss);
        return out;
    }

    FrameBytes build() const {
        using namespace frame_detail;
        FrameBytes padded_options = options;
        pad_to_multiple(padded_options, 4);
        const std::size_t header_words = (20 + padded_options.size()) / 4;
        FrameBytes out;
        put_u16(out, src_port);
        put_u16(out, dst_port);
        put_u32(out, seq);
        put_u32(out, ack);
        put_u8(out, static_cast<unsigned>(data_offset_words.value_or(static_cast<std::uint8_t>(header_words)))
                        << 4);
        put_u8(out, flags);
        put_u16(out, window);
        put_u16(out, 0);  // checksum (not checked by the decoder)
        put_u16(out, 0);  // urgent pointer
        append(out, padded_options);
        append(out, payload);
        return out;
    }
};

/// A UDP datagram; the length field is 8 + payload unless `length` overrides it.
struct UdpDatagram {
    std::uint16_t src_port = 50000;
    std::uint16_t dst_port = 53;
    std::optional<std::uint16_t> length;
    FrameBytes payload;

    FrameBytes build() const {
        using namespace frame_detail;
        FrameBytes out;
        put_u16(out, src_port);
        put_u16(out, dst_port);
        put_u16(out, length.value_or(static_cast<std::uint16_t>(8 + payload.size())));
        put_u16(out, 0);  // checksum
        append(out, payload);
        return out;
    }
};

// ---------------------------------------------------------------------------------------------------------
// Network

/// An IPv4 packet with optional options (padded to a multiple of 4), fragment flags and offset.
struct Ipv4Packet {
    std::array<std::uint8_t, 4> src{192, 0, 2, 10};
    std::array<std::uint8_t, 4> dst{198, 51, 100, 20};
    std::uint8_t protocol = kIpProtocolTcp;
    std::uint8_t ttl = 64;
    std::uint16_t identification = 1;
    bool dont_fragment = false;
    bool more_fragments = false;
    std::uint16_t fragment_offset = 0;  ///< in 8-byte units (13 bits)
    FrameBytes options;
    std::uint8_t version = 4;
    std::optional<std::uint8_t> ihl;             ///< written instead of the computed header length (words)
    std::optional<std::uint16_t> total_length;  ///< written instead of header + payload
    FrameBytes payload;

    FrameBytes build() const {
        using namespace frame_detail;
        FrameBytes padded_options = options;
        pad_to_multiple(padded_options, 4);
        const std::size_t header_bytes = 20 + padded_options.size();
        const unsigned words = ihl.value_or(static_cast<std::uint8_t>(header_bytes / 4));
        FrameBytes out;
        put_u8(out, (unsigned{version} << 4) | (words & 0x0fu));
        put_u8(out, 0);  // DSCP/ECN
        put_u16(out, total_length.value_or(static_cast<std::uint16_t>(header_bytes + payload.size())));
        put_u16(out, identification);
        put_u16(out, (dont_fragment ? 0x4000u : 0u) | (more_fragments ? 0x2000u : 0u) | (fragment_offset & 0x1fffu));
        put_u8(out, ttl);
        put_u8(out, protocol);
        put_u16(out, 0);  // header checksum
        append(out, src);
        append(out, dst);
        append(out, padded_options);
        append(out, payload);
        return out;
    }
};

/// One IPv6 extension header. `build()` chains next-header values, so only the type and body are given.
struct Ipv6Extension {
    static constexpr std::uint8_t kHopByHop = 0;
    static constexpr std::uint8_t kRouting = 43;
    static constexpr std::uint8_t kFragment = 44;
    static constexpr std::uint8_t kDestinationOptions = 60;

    std::uint8_t type = kHopByHop;
    /// Bytes after next-header and length; padded with Pad1 to make the header a multiple of 8 bytes.
    FrameBytes body;
    std::optional<std::uint8_t> length_units;  ///< written instead of the computed Hdr Ext Len

    static Ipv6Extension hop_by_hop() { return {kHopByHop, {1, 4, 0, 0, 0, 0}, {}}; }  // PadN(4)
    static Ipv6Extension destination_options() { return {kDestinationOptions, {1, 4, 0, 0, 0, 0}, {}}; }
    /// Type 4 (segment routing header shape) with segments left 0: a no-op route.
    static Ipv6Extension routing() { return {kRouting, {4, 0, 0, 0, 0, 0}, {}}; }
    /// RFC 8200 §4.5: offset (8-byte units), M flag, identification.
    static Ipv6Extension fragment(std::uint16_t offset_units, bool more, std::uint32_t id = 0x1234) {
        FrameBytes body;
        frame_detail::put_u16(body, static_cast<unsigned>(offset_units << 3) | (more ? 1u : 0u));
        frame_detail::put_u32(body, id);
        return {kFragment, body, {}};
    }
};

/// An IPv6 packet: fixed header, extension headers in order, then the upper-layer payload.
struct Ipv6Packet {
    std::array<std::uint8_t, 16> src{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};
    std::array<std::uint8_t, 16> dst{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20};
    std::uint8_t upper_protocol = kIpProtocolTcp;
    std::uint8_t hop_limit = 64;
    std::vector<Ipv6Extension> extensions;
    std::optional<std::uint16_t> payload_length;  ///< written instead of extensions + payload
    FrameBytes payload;

    FrameBytes build() const {
        using namespace frame_detail;
        FrameBytes chain;
        for (std::size_t i = 0; i < extensions.size(); ++i) {
            const auto& extension = extensions[i];
            const std::uint8_t next = i + 1 < extensions.size() ? extensions[i + 1].type : upper_protocol;
            FrameBytes header;
            put_u8(header, next);
            put_u8(header, 0);  // length, patched below
            append(header, extension.body);
            pad_to_multiple(header, 8);
            header[1] = extension.length_units.value_or(static_cast<std::uint8_t>(header.size() / 8 - 1));
            append(chain, header);
        }
        FrameBytes out;
        put_u32(out, 0x60000000u);  // version 6, traffic class 0, flow label 0
        put_u16(out, payload_length.value_or(static_cast<std::uint16_t>(chain.size() + payload.size())));
        put_u8(out, extensions.empty() ? upper_protocol : extensions.front().type);
        put_u8(out, hop_limit);
        append(out, src);
        append(out, dst);
        append(out, chain);
        append(out, payload);
        return out;
    }
};

// ---------------------------------------------------------------------------------------------------------
// Link

struct VlanTag {
    std::uint16_t tpid = kTpidDot1Q;
    std::uint16_t vlan_id = 0;
    std::uint8_t priority = 0;
};

/// An Ethernet II frame with any number of VLAN tags (outermost first). `pad_to` appends zero bytes up to
/// that frame size, as a NIC pads short frames to the 60-byte minimum.
struct EthernetFrame {
    std::array<std::uint8_t, 6> dst_mac{0x02, 0, 0, 0, 0, 0x02};
    std::array<std::uint8_t, 6> src_mac{0x02, 0, 0, 0, 0, 0x01};
    std::vector<VlanTag> tags;
    std::uint16_t ethertype = kEtherTypeIpv4;
    FrameBytes payload;
    std::size_t pad_to = 0;

    /// 802.1ad service tag outside an 802.1Q customer tag.
    static std::vector<VlanTag> qinq(std::uint16_t outer_id, std::uint16_t inner_id) {
        return {VlanTag{kTpidDot1ad, outer_id, 0}, VlanTag{kTpidDot1Q, inner_id, 0}};
    }

    FrameBytes build() const {
        using namespace frame_detail;
        FrameBytes out;
        append(out, dst_mac);
        append(out, src_mac);
        for (const auto& tag : tags) {
            put_u16(out, tag.tpid);
            put_u16(out, (unsigned{tag.priority} << 13) | (tag.vlan_id & 0x0fffu));
        }
        put_u16(out, ethertype);
        append(out, payload);
        while (out.size() < pad_to) out.push_back(0);
        return out;
    }
};

/// Linux cooked capture v1 (DLT_LINUX_SLL, 16 bytes): packet type, ARPHRD, address length, 8 address
/// bytes, protocol.
inline FrameBytes linux_sll_frame(std::uint16_t protocol, std::span<const std::uint8_t> payload) {
    using namespace frame_detail;
    FrameBytes out;
    put_u16(out, 0);  // packet type: to us
    put_u16(out, 1);  // ARPHRD_ETHER
    put_u16(out, 6);  // address length
    append(out, std::array<std::uint8_t, 8>{0x02, 0, 0, 0, 0, 0x01, 0, 0});
    put_u16(out, protocol);
    append(out, payload);
    return out;
}

/// Linux cooked capture v2 (DLT_LINUX_SLL2, 20 bytes): protocol, reserved, interface index, ARPHRD,
/// packet type, address length, 8 address bytes.
inline FrameBytes linux_sll2_frame(std::uint16_t protocol, std::span<const std::uint8_t> payload) {
    using namespace frame_detail;
    FrameBytes out;
    put_u16(out, protocol);
    put_u16(out, 0);  // reserved
    put_u32(out, 2);  // interface index
    put_u16(out, 1);  // ARPHRD_ETHER
    put_u8(out, 0);   // packet type: to us
    put_u8(out, 6);   // address length
    append(out, std::array<std::uint8_t, 8>{0x02, 0, 0, 0, 0, 0x01, 0, 0});
    append(out, payload);
    return out;
}

/// BSD loopback (DLT_NULL): a 4-byte address family in the capturing host's byte order (little-endian
/// here). AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending on the OS.
inline FrameBytes bsd_null_frame(std::uint32_t family, std::span<const std::uint8_t> payload) {
    using namespace frame_detail;
    FrameBytes out;
    for (int shift = 0; shift < 32; shift += 8) put_u8(out, family >> shift);
    append(out, payload);
    return out;
}

/// Raw IP (DLT_RAW): the IP packet itself.
inline FrameBytes raw_ip_frame(std::span<const std::uint8_t> payload) {
    return FrameBytes(payload.begin(), payload.end());
}

// ---------------------------------------------------------------------------------------------------------
// Whole frames in one call, for engine tests that only care about addresses, ports and payloads

/// An Ethernet frame (default MACs) carrying an IPv4 packet from `src` to `dst` with `transport` inside.
inline FrameBytes ethernet_ipv4_frame(std::array<std::uint8_t, 4> src, std::array<std::uint8_t, 4> dst,
                                      std::uint8_t protocol, FrameBytes transport, std::uint8_t ttl = 64) {
    Ipv4Packet ip;
    ip.src = src;
    ip.dst = dst;
    ip.protocol = protocol;
    ip.ttl = ttl;
    ip.payload = std::move(transport);
    EthernetFrame frame;
    frame.payload = ip.build();
    return frame.build();
}

inline FrameBytes tcp_segment(std::uint16_t src_port, std::uint16_t dst_port, std::uint32_t seq, std::uint8_t flags,
                              FrameBytes payload = {}) {
    TcpSegment segment;
    segment.src_port = src_port;
    segment.dst_port = dst_port;
    segment.seq = seq;
    segment.flags = flags;
    segment.payload = std::move(payload);
    return segment.build();
}

inline FrameBytes udp_datagram(std::uint16_t src_port, std::uint16_t dst_port, FrameBytes payload) {
    UdpDatagram datagram;
    datagram.src_port = src_port;
    datagram.dst_port = dst_port;
    datagram.payload = std::move(payload);
    return datagram.build();
}

}  // namespace schoolgate::test
