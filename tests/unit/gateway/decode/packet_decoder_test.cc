#include "gateway/decode/packet_decoder.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "support/frame_builder.h"

namespace schoolgate::gateway::decode {
namespace {

namespace data = boost::unit_test::data;
using test::EthernetFrame;
using test::FrameBytes;
using test::Ipv4Packet;
using test::Ipv6Extension;
using test::Ipv6Packet;
using test::TcpSegment;
using test::UdpDatagram;
using test::VlanTag;

// "ok", "not_inspected", "fragment:<anomaly>" or "malformed:<anomaly>": one string that names the whole
// outcome, so that a failure prints what the decoder said.
std::string describe(const DecodeOutcome& outcome) {
    switch (outcome.status) {
        case DecodeStatus::Ok: return "ok";
        case DecodeStatus::NotInspected: return "not_inspected";
        case DecodeStatus::Fragment: return "fragment:" + std::string{classifiers::anomaly_name(outcome.anomaly)};
        case DecodeStatus::Malformed: return "malformed:" + std::string{classifiers::anomaly_name(outcome.anomaly)};
    }
    return "?";
}

std::string decode(LinkType link, const FrameBytes& frame) {
    PacketView view;
    return describe(decode_packet(link, frame, view));
}

FrameBytes payload_of(const PacketView& view) { return FrameBytes(view.payload.begin(), view.payload.end()); }

// True when `inner` lies wholly inside `outer` (compared as addresses: the spans may be unrelated).
bool lies_within(std::span<const std::uint8_t> inner, std::span<const std::uint8_t> outer) {
    const auto begin = reinterpret_cast<std::uintptr_t>(outer.data());
    const auto inner_begin = reinterpret_cast<std::uintptr_t>(inner.data());
    if (inner.empty()) return inner_begin == 0 || (inner_begin >= begin && inner_begin <= begin + outer.size());
    return inner_begin >= begin && inner_begin + inner.size() <= begin + outer.size();
}

const FrameBytes kTcpPayload = test::bytes_of("\x16\x03\x01 hello");  // looks like a TLS record start
const FrameBytes kUdpPayload = test::bytes_of("dns-ish payload");

TcpSegment client_segment() {
    TcpSegment tcp;
    tcp.src_port = 50000;
    tcp.dst_port = 443;
    tcp.seq = 0x01020304;
    tcp.flags = TcpSegment::kPsh | TcpSegment::kAck;
    tcp.payload = kTcpPayload;
    return tcp;
}

UdpDatagram client_datagram() {
    UdpDatagram udp;
    udp.src_port = 50001;
    udp.dst_port = 53;
    udp.payload = kUdpPayload;
    return udp;
}

FrameBytes ipv4_with(std::uint8_t protocol, FrameBytes transport) {
    Ipv4Packet ip;
    ip.protocol = protocol;
    ip.payload = std::move(transport);
    return ip.build();
}

FrameBytes ipv6_with(std::uint8_t protocol, FrameBytes transport, std::vector<Ipv6Extension> extensions = {}) {
    Ipv6Packet ip;
    ip.upper_protocol = protocol;
    ip.extensions = std::move(extensions);
    ip.payload = std::move(transport);
    return ip.build();
}

FrameBytes ethernet(FrameBytes ip, std::uint16_t ethertype = test::kEtherTypeIpv4, std::vector<VlanTag> tags = {}) {
    EthernetFrame frame;
    frame.ethertype = ethertype;
    frame.tags = std::move(tags);
    frame.payload = std::move(ip);
    return frame.build();
}

// ---------------------------------------------------------------------------------------------------------
// Each link type, each transport over each IP version.

struct LinkCase {
    const char* name;
    LinkType link;
    std::vector<VlanTag> tags;
    std::uint16_t expected_vlan;
};
std::ostream& operator<<(std::ostream& out, const LinkCase& c) { return out << c.name; }

const std::vector<LinkCase> kLinkCases = {
    {"ethernet", LinkType::Ethernet, {}, 0},
    {"ethernet_dot1q", LinkType::Ethernet, {VlanTag{test::kTpidDot1Q, 10, 3}}, 10},
    {"ethernet_qinq_8021ad", LinkType::Ethernet, EthernetFrame::qinq(100, 20), 20},
    {"ethernet_qinq_9100", LinkType::Ethernet, {VlanTag{0x9100, 200, 0}, VlanTag{test::kTpidDot1Q, 30, 0}}, 30},
    {"ethernet_four_tags", LinkType::Ethernet,
     {VlanTag{test::kTpidDot1ad, 1, 0}, VlanTag{test::kTpidDot1Q, 2, 0}, VlanTag{test::kTpidDot1Q, 3, 0},
      VlanTag{test::kTpidDot1Q, 4095, 7}},
     4095},
    {"linux_sll", LinkType::LinuxSll, {}, 0},
    {"linux_sll2", LinkType::LinuxSll2, {}, 0},
    {"raw_ip", LinkType::RawIp, {}, 0},
    {"bsd_null", LinkType::Null, {}, 0},
};

FrameBytes wrap(const LinkCase& c, const FrameBytes& ip, bool ipv6) {
    const std::uint16_t ethertype = ipv6 ? test::kEtherTypeIpv6 : test::kEtherTypeIpv4;
    switch (c.link) {
        case LinkType::Ethernet: return ethernet(ip, ethertype, c.tags);
        case LinkType::LinuxSll: return test::linux_sll_frame(ethertype, ip);
        case LinkType::LinuxSll2: return test::linux_sll2_frame(ethertype, ip);
        case LinkType::RawIp: return test::raw_ip_frame(ip);
        case LinkType::Null: return test::bsd_null_frame(ipv6 ? 30u : 2u, ip);
    }
    return {};
}

struct TransportCase {
    const char* name;
    bool ipv6;
    bool tcp;
};
std::ostream& operator<<(std::ostream& out, const TransportCase& c) { return out << c.name; }

const std::vector<TransportCase> kTransportCases = {
    {"tcp_over_ipv4", false, true},
    {"udp_over_ipv4", false, false},
    {"tcp_over_ipv6", true, true},
    {"udp_over_ipv6", true, false},
};

BOOST_AUTO_TEST_SUITE(PacketDecoderTest)

BOOST_DATA_TEST_CASE(decodes_every_link_type_and_transport, data::make(kLinkCases) * data::make(kTransportCases),
                     link_case, transport_case) {
    const FrameBytes transport = transport_case.tcp ? client_segment().build() : client_datagram().build();
    const std::uint8_t protocol = transport_case.tcp ? test::kIpProtocolTcp : test::kIpProtocolUdp;
    const FrameBytes ip = transport_case.ipv6 ? ipv6_with(protocol, transport) : ipv4_with(protocol, transport);
    const FrameBytes frame = wrap(link_case, ip, transport_case.ipv6);

    PacketView view;
    view.vlan_id = 999;  // stale from an earlier packet: must be reset
    BOOST_TEST(describe(decode_packet(link_case.link, frame, view)) == "ok");
    BOOST_TEST(view.src.to_string() == (transport_case.ipv6 ? "2001:db8::10" : "192.0.2.10"));
    BOOST_TEST(view.dst.to_string() == (transport_case.ipv6 ? "2001:db8::20" : "198.51.100.20"));
    BOOST_TEST(view.vlan_id == link_case.expected_vlan);
    BOOST_TEST(view.frame_bytes == frame.size());
    BOOST_TEST(lies_within(view.payload, frame));
    if (transport_case.tcp) {
        BOOST_TEST((view.transport == classifiers::Transport::Tcp));
        BOOST_TEST(view.src_port == 50000);
        BOOST_TEST(view.dst_port == 443);
        BOOST_TEST(view.tcp_seq == 0x01020304u);
        BOOST_TEST(view.tcp_flags == (kTcpAck | 0x08));
        BOOST_TEST(payload_of(view) == kTcpPayload, boost::test_tools::per_element());
    } else {
        BOOST_TEST((view.transport == classifiers::Transport::Udp));
        BOOST_TEST(view.src_port == 50001);
        BOOST_TEST(view.dst_port == 53);
        BOOST_TEST(view.tcp_flags == 0);
        BOOST_TEST(view.tcp_seq == 0u);
        BOOST_TEST(payload_of(view) == kUdpPayload, boost::test_tools::per_element());
    }
}

BOOST_AUTO_TEST_CASE(tcp_flags_and_options_are_read) {
    TcpSegment tcp = client_segment();
    tcp.flags = TcpSegment::kSyn;
    tcp.seq = 0xfffffff0u;
    tcp.options = TcpSegment::mss_option(1460);
    tcp.options.insert(tcp.options.end(), {1, 1, 4, 2, 1});  // NOP NOP SACK-permitted NOP (then EOL padding)
    tcp.payload.clear();
    PacketView view;
    const FrameBytes syn = ipv4_with(test::kIpProtocolTcp, tcp.build());
    BOOST_TEST(describe(decode_packet(LinkType::RawIp, syn, view)) == "ok");
    BOOST_TEST(view.tcp_flags == kTcpSyn);
    BOOST_TEST(view.tcp_seq == 0xfffffff0u);
    BOOST_TEST(view.payload.empty());

    tcp.flags = TcpSegment::kFin | TcpSegment::kRst | TcpSegment::kAck;
    tcp.payload = kTcpPayload;
    const FrameBytes with_payload = ipv4_with(test::kIpProtocolTcp, tcp.build());
    BOOST_TEST(describe(decode_packet(LinkType::RawIp, with_payload, view)) == "ok");
    BOOST_TEST(view.tcp_flags == (kTcpFin | kTcpRst | kTcpAck));
    BOOST_TEST(payload_of(view) == kTcpPayload, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(maximum_tcp_data_offset_with_forty_option_bytes) {
    TcpSegment tcp = client_segment();
    tcp.options.assign(40, 1);  // 40 NOPs: data offset 15
    PacketView view;
    const FrameBytes frame = ipv4_with(test::kIpProtocolTcp, tcp.build());
    BOOST_TEST(describe(decode_packet(LinkType::RawIp, frame, view)) == "ok");
    BOOST_TEST(payload_of(view) == kTcpPayload, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(ipv4_options_are_skipped, data::make({4, 8, 40}), option_bytes) {
    Ipv4Packet ip;
    ip.options.assign(static_cast<std::size_t>(option_bytes), 1);  // NOPs
    ip.payload = client_segment().build();
    PacketView view;
    const FrameBytes frame = ethernet(ip.build());
    BOOST_TEST(describe(decode_packet(LinkType::Ethernet, frame, view)) == "ok");
    BOOST_TEST(view.dst_port == 443);
    BOOST_TEST(payload_of(view) == kTcpPayload, boost::test_tools::per_element());
}

struct ExtensionCase {
    const char* name;
    std::vector<Ipv6Extension> extensions;
};
std::ostream& operator<<(std::ostream& out, const ExtensionCase& c) { return out << c.name; }

const std::vector<ExtensionCase> kExtensionCases = {
    {"hop_by_hop", {Ipv6Extension::hop_by_hop()}},
    {"destination_options", {Ipv6Extension::destination_options()}},
    {"routing", {Ipv6Extension::routing()}},
    {"hop_by_hop_routing_destination",
     {Ipv6Extension::hop_by_hop(), Ipv6Extension::routing(), Ipv6Extension::destination_options()}},
    {"long_destination_options", {Ipv6Extension{Ipv6Extension::kDestinationOptions, FrameBytes(30, 0), {}}}},
    {"eight_headers_the_limit", std::vector<Ipv6Extension>(kMaxIpv6ExtensionHeaders,
                                                           Ipv6Extension::destination_options())},
};

BOOST_DATA_TEST_CASE(ipv6_extension_headers_are_walked, data::make(kExtensionCases), extension_case) {
    PacketView view;
    const auto frame = ethernet(ipv6_with(test::kIpProtocolUdp, client_datagram().build(), extension_case.extensions),
                                test::kEtherTypeIpv6);
    BOOST_TEST(describe(decode_packet(LinkType::Ethernet, frame, view)) == "ok");
    BOOST_TEST(view.dst_port == 53);
    BOOST_TEST(payload_of(view) == kUdpPayload, boost::test_tools::per_element());
}

// ---------------------------------------------------------------------------------------------------------
// Lengths: padding, snap length, UDP length inside the IP datagram.

BOOST_AUTO_TEST_CASE(ethernet_padding_is_trimmed_to_the_ipv4_total_length) {
    UdpDatagram udp = client_datagram();
    udp.payload = {0xab, 0xcd};
    EthernetFrame frame;
    frame.payload = ipv4_with(test::kIpProtocolUdp, udp.build());
    frame.pad_to = 60;
    const auto bytes = frame.build();
    BOOST_TEST_REQUIRE(bytes.size() == 60u);
    PacketView view;
    BOOST_TEST(describe(decode_packet(LinkType::Ethernet, bytes, view)) == "ok");
    BOOST_TEST(payload_of(view) == (FrameBytes{0xab, 0xcd}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ethernet_padding_after_a_bare_tcp_ack_is_not_payload) {
    TcpSegment tcp = client_segment();
    tcp.payload.clear();
    tcp.flags = TcpSegment::kAck;
    EthernetFrame frame;
    frame.payload = ipv4_with(test::kIpProtocolTcp, tcp.build());  // 40 bytes
    frame.pad_to = 60;
    std::vector<std::uint8_t> bytes = frame.build();
    std::fill(bytes.end() - 6, bytes.end(), std::uint8_t{0xee});  // padding that is not even zero
    PacketView view;
    BOOST_TEST(describe(decode_packet(LinkType::Ethernet, bytes, view)) == "ok");
    BOOST_TEST(view.payload.empty());
}

BOOST_AUTO_TEST_CASE(ethernet_padding_is_trimmed_to_the_ipv6_payload_length) {
    TcpSegment tcp = client_segment();
    tcp.payload = {0x01};
    EthernetFrame frame;
    frame.ethertype = test::kEtherTypeIpv6;
    frame.payload = ipv6_with(test::kIpProtocolTcp, tcp.build());
    frame.payload.insert(frame.payload.end(), 8, 0xee);  // trailer past the IPv6 payload length
    PacketView view;
    const FrameBytes bytes = frame.build();
    BOOST_TEST(describe(decode_packet(LinkType::Ethernet, bytes, view)) == "ok");
    BOOST_TEST(payload_of(view) == (FrameBytes{0x01}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(snaplen_cut_tcp_packet_keeps_the_captured_payload) {
    TcpSegment tcp = client_segment();
    tcp.payload.assign(1000, 0x42);
    auto frame = ethernet(ipv4_with(test::kIpProtocolTcp, tcp.build()));
    const std::size_t headers = 14 + 20 + 20;
    frame.resize(headers + 200);  // snap length 254
    PacketView view;
    BOOST_TEST(describe(decode_packet(LinkType::Ethernet, frame, view)) == "ok");
    BOOST_TEST(view.payload.size() == 200u);
    BOOST_TEST(view.frame_bytes == headers + 200);
    BOOST_TEST(lies_within(view.payload, frame));
}

BOOST_AUTO_TEST_CASE(snaplen_cut_udp_packet_keeps_the_captured_payload) {
    UdpDatagram udp = client_datagram();
    udp.payload.assign(1200, 0x42);
    for (const bool ipv6 : {false, true}) {
        auto frame = ipv6 ? ipv6_with(test::kIpProtocolUdp, udp.build()) : ipv4_with(test::kIpProtocolUdp, udp.build());
        const std::size_t headers = (ipv6 ? 40u : 20u) + 8u;
        frame.resize(headers + 100);
        PacketView view;
        BOOST_TEST(describe(decode_packet(LinkType::RawIp, frame, view)) == "ok");
        BOOST_TEST(view.payload.size() == 100u);
        BOOST_TEST(lies_within(view.payload, frame));
    }
}

BOOST_AUTO_TEST_CASE(udp_length_shorter_than_the_ip_payload_bounds_the_payload) {
    UdpDatagram udp = client_datagram();
    udp.payload = {1, 2, 3, 4, 5, 6};
    udp.length = 8 + 2;
    PacketView view;
    const FrameBytes frame = ipv4_with(test::kIpProtocolUdp, udp.build());
    BOOST_TEST(describe(decode_packet(LinkType::RawIp, frame, view)) == "ok");
    BOOST_TEST(payload_of(view) == (FrameBytes{1, 2}), boost::test_tools::per_element());
}

// ---------------------------------------------------------------------------------------------------------
// Fragments and traffic that is not ours.

struct FrameCase {
    const char* name;
    LinkType link;
    FrameBytes (*make)();
    const char* expected;
};
std::ostream& operator<<(std::ostream& out, const FrameCase& c) { return out << c.name; }

Ipv4Packet tcp_ipv4() {
    Ipv4Packet ip;
    ip.payload = client_segment().build();
    return ip;
}

const std::vector<FrameCase> kFragmentAndSkipCases = {
    {"ipv4_more_fragments_offset_zero", LinkType::Ethernet,
     [] {
         auto ip = tcp_ipv4();
         ip.more_fragments = true;
         return ethernet(ip.build());
     },
     "fragment:ipv4.fragment"},
    {"ipv4_last_fragment_nonzero_offset", LinkType::Ethernet,
     [] {
         Ipv4Packet ip;
         ip.payload = kTcpPayload;
         ip.fragment_offset = 185;
         return ethernet(ip.build());
     },
     "fragment:ipv4.fragment"},
    {"ipv4_middle_fragment", LinkType::RawIp,
     [] {
         Ipv4Packet ip;
         ip.payload = kUdpPayload;
         ip.protocol = test::kIpProtocolUdp;
         ip.more_fragments = true;
         ip.fragment_offset = 1;
         return ip.build();
     },
     "fragment:ipv4.fragment"},
    {"ipv4_dont_fragment_is_not_a_fragment", LinkType::RawIp,
     [] {
         auto ip = tcp_ipv4();
         ip.dont_fragment = true;
         return ip.build();
     },
     "ok"},
    {"ipv6_fragment_header_first", LinkType::Ethernet,
     [] {
         return ethernet(ipv6_with(test::kIpProtocolTcp, client_segment().build(), {Ipv6Extension::fragment(0, true)}),
                         test::kEtherTypeIpv6);
     },
     "fragment:ipv6.fragment"},
    {"ipv6_fragment_after_hop_by_hop", LinkType::RawIp,
     [] {
         return ipv6_with(test::kIpProtocolUdp, kUdpPayload,
                          {Ipv6Extension::hop_by_hop(), Ipv6Extension::fragment(100, false)});
     },
     "fragment:ipv6.fragment"},
    {"ipv6_atomic_fragment", LinkType::RawIp,
     [] { return ipv6_with(test::kIpProtocolUdp, client_datagram().build(), {Ipv6Extension::fragment(0, false)}); },
     "fragment:ipv6.fragment"},
    {"arp", LinkType::Ethernet, [] { return ethernet(FrameBytes(28, 0), test::kEtherTypeArp); }, "not_inspected"},
    {"arp_over_sll", LinkType::LinuxSll, [] { return test::linux_sll_frame(test::kEtherTypeArp, FrameBytes(28, 0)); },
     "not_inspected"},
    {"lldp_behind_vlan", LinkType::Ethernet,
     [] { return ethernet(FrameBytes(20, 0), 0x88cc, {VlanTag{test::kTpidDot1Q, 5, 0}}); }, "not_inspected"},
    {"icmp_over_ipv4", LinkType::Ethernet,
     [] { return ethernet(ipv4_with(test::kIpProtocolIcmp, {8, 0, 0, 0, 0, 1, 0, 1})); }, "not_inspected"},
    {"esp_over_ipv4", LinkType::RawIp, [] { return ipv4_with(test::kIpProtocolEsp, FrameBytes(32, 0x5a)); },
     "not_inspected"},
    {"esp_over_ipv6", LinkType::RawIp, [] { return ipv6_with(test::kIpProtocolEsp, FrameBytes(32, 0x5a)); },
     "not_inspected"},
    {"icmpv6_after_hop_by_hop", LinkType::RawIp,
     [] { return ipv6_with(58, {128, 0, 0, 0, 0, 1, 0, 1}, {Ipv6Extension::hop_by_hop()}); }, "not_inspected"},
};

BOOST_DATA_TEST_CASE(fragments_and_foreign_traffic, data::make(kFragmentAndSkipCases), frame_case) {
    BOOST_TEST(decode(frame_case.link, frame_case.make()) == frame_case.expected);
}

// ---------------------------------------------------------------------------------------------------------
// Every named anomaly.

FrameBytes truncated(FrameBytes bytes, std::size_t size) {
    bytes.resize(size);
    return bytes;
}

FrameBytes tcp_in_ipv4(const TcpSegment& tcp) { return ipv4_with(test::kIpProtocolTcp, tcp.build()); }
FrameBytes udp_in_ipv4(const UdpDatagram& udp) { return ipv4_with(test::kIpProtocolUdp, udp.build()); }

const std::vector<FrameCase> kAnomalyCases = {
    {"ethernet_shorter_than_its_header", LinkType::Ethernet, [] { return FrameBytes(13, 0); },
     "malformed:link.truncated"},
    {"ethernet_empty", LinkType::Ethernet, [] { return FrameBytes{}; }, "malformed:link.truncated"},
    {"vlan_tag_without_ethertype", LinkType::Ethernet,
     [] { return truncated(ethernet({}, test::kEtherTypeIpv4, {VlanTag{test::kTpidDot1Q, 7, 0}}), 16); },
     "malformed:link.truncated"},
    {"linux_sll_short", LinkType::LinuxSll, [] { return FrameBytes(15, 0); }, "malformed:link.truncated"},
    {"linux_sll2_short", LinkType::LinuxSll2, [] { return FrameBytes(19, 0); }, "malformed:link.truncated"},
    {"bsd_null_short", LinkType::Null, [] { return FrameBytes{2, 0, 0}; }, "malformed:link.truncated"},
    {"five_vlan_tags", LinkType::Ethernet,
     [] {
         return ethernet(tcp_in_ipv4(client_segment()), test::kEtherTypeIpv4,
                         std::vector<VlanTag>(kMaxVlanTags + 1, VlanTag{test::kTpidDot1Q, 9, 0}));
     },
     "malformed:vlan.too_many_tags"},
    {"ip_version_5", LinkType::Ethernet,
     [] {
         auto ip = tcp_ipv4();
         ip.version = 5;
         return ethernet(ip.build());
     },
     "malformed:ip.unsupported_version"},
    {"ip_version_0_raw", LinkType::RawIp, [] { return FrameBytes(40, 0); }, "malformed:ip.unsupported_version"},
    {"ipv4_nothing_after_ethernet", LinkType::Ethernet, [] { return ethernet({}); }, "malformed:ipv4.truncated"},
    {"ipv4_header_19_bytes", LinkType::Ethernet, [] { return ethernet(truncated(tcp_ipv4().build(), 19)); },
     "malformed:ipv4.truncated"},
    {"ipv4_options_cut", LinkType::RawIp,
     [] {
         Ipv4Packet ip;
         ip.protocol = test::kIpProtocolUdp;
         ip.options.assign(8, 1);
         return truncated(ip.build(), 24);  // IHL says 28
     },
     "malformed:ipv4.truncated"},
    {"ipv4_ihl_4", LinkType::RawIp,
     [] {
         auto ip = tcp_ipv4();
         ip.ihl = 4;
         return ip.build();
     },
     "malformed:ipv4.bad_header_length"},
    {"ipv4_ihl_0", LinkType::Ethernet,
     [] {
         auto ip = tcp_ipv4();
         ip.ihl = 0;
         return ethernet(ip.build());
     },
     "malformed:ipv4.bad_header_length"},
    {"ipv4_total_length_below_20", LinkType::RawIp,
     [] {
         auto ip = tcp_ipv4();
         ip.total_length = 19;
         return ip.build();
     },
     "malformed:ipv4.bad_total_length"},
    {"ipv4_total_length_below_ihl", LinkType::RawIp,
     [] {
         auto ip = tcp_ipv4();
         ip.options.assign(4, 1);
         ip.total_length = 20;  // IHL says 24
         return ip.build();
     },
     "malformed:ipv4.bad_total_length"},
    // Bug: an IPv6 ethertype with no IP bytes after it was counted as ipv4.truncated.
    {"ipv6_nothing_after_ethernet", LinkType::Ethernet, [] { return ethernet({}, test::kEtherTypeIpv6); },
     "malformed:ipv6.truncated"},
    {"ipv6_nothing_after_linux_sll2", LinkType::LinuxSll2,
     [] { return test::linux_sll2_frame(test::kEtherTypeIpv6, FrameBytes{}); }, "malformed:ipv6.truncated"},
    {"ipv6_header_39_bytes", LinkType::RawIp,
     [] { return truncated(ipv6_with(test::kIpProtocolTcp, client_segment().build()), 39); },
     "malformed:ipv6.truncated"},
    {"ipv6_header_3_bytes_behind_ethernet", LinkType::Ethernet,
     [] { return ethernet({0x60, 0, 0}, test::kEtherTypeIpv6); }, "malformed:ipv6.truncated"},
    {"ipv6_extension_longer_than_payload", LinkType::RawIp,
     [] {
         auto hop = Ipv6Extension::hop_by_hop();
         hop.length_units = 5;  // claims 48 bytes, 8 present
         return ipv6_with(test::kIpProtocolUdp, {}, {hop});
     },
     "malformed:ipv6.extension_header_truncated"},
    {"ipv6_extension_header_one_byte", LinkType::RawIp,
     [] {
         Ipv6Packet ip;
         ip.extensions = {Ipv6Extension::destination_options()};
         return truncated(ip.build(), 41);
     },
     "malformed:ipv6.extension_header_truncated"},
    {"ipv6_extension_cut_by_payload_length", LinkType::Ethernet,
     [] {
         Ipv6Packet ip;
         ip.upper_protocol = test::kIpProtocolUdp;
         ip.extensions = {Ipv6Extension::routing()};
         ip.payload = client_datagram().build();
         ip.payload_length = 4;  // the payload length, not the capture, ends the routing header
         return ethernet(ip.build(), test::kEtherTypeIpv6);
     },
     "malformed:ipv6.extension_header_truncated"},
    {"nine_ipv6_extension_headers", LinkType::RawIp,
     [] {
         return ipv6_with(test::kIpProtocolUdp, client_datagram().build(),
                          std::vector<Ipv6Extension>(kMaxIpv6ExtensionHeaders + 1, Ipv6Extension::destination_options()));
     },
     "malformed:ipv6.too_many_extension_headers"},
    {"tcp_header_19_bytes", LinkType::RawIp,
     [] {
         auto tcp = client_segment();
         tcp.payload.clear();
         return ipv4_with(test::kIpProtocolTcp, truncated(tcp.build(), 19));
     },
     "malformed:tcp.truncated"},
    {"tcp_header_13_bytes_over_ipv6", LinkType::RawIp,
     [] { return ipv6_with(test::kIpProtocolTcp, truncated(client_segment().build(), 13)); },
     "malformed:tcp.truncated"},
    {"tcp_nothing_after_ip", LinkType::Ethernet, [] { return ethernet(ipv4_with(test::kIpProtocolTcp, {})); },
     "malformed:tcp.truncated"},
    {"tcp_data_offset_4", LinkType::RawIp,
     [] {
         auto tcp = client_segment();
         tcp.data_offset_words = 4;
         return tcp_in_ipv4(tcp);
     },
     "malformed:tcp.bad_data_offset"},
    {"tcp_data_offset_0", LinkType::RawIp,
     [] {
         auto tcp = client_segment();
         tcp.data_offset_words = 0;
         return tcp_in_ipv4(tcp);
     },
     "malformed:tcp.bad_data_offset"},
    {"tcp_data_offset_past_the_segment", LinkType::Ethernet,
     [] {
         auto tcp = client_segment();
         tcp.data_offset_words = 15;  // 60 bytes; the segment has 20 + 10
         tcp.payload.assign(10, 0);
         return ethernet(tcp_in_ipv4(tcp));
     },
     "malformed:tcp.bad_data_offset"},
    {"tcp_data_offset_past_the_ip_total_length", LinkType::Ethernet,
     [] {
         auto tcp = client_segment();
         tcp.payload.clear();
         tcp.data_offset_words = 6;  // 24 bytes; IP ends after 20, Ethernet padding follows
         EthernetFrame frame;
         frame.payload = tcp_in_ipv4(tcp);
         frame.pad_to = 80;
         return frame.build();
     },
     "malformed:tcp.bad_data_offset"},
    {"udp_header_7_bytes", LinkType::RawIp,
     [] { return ipv4_with(test::kIpProtocolUdp, truncated(client_datagram().build(), 7)); },
     "malformed:udp.truncated"},
    {"udp_nothing_after_ipv6", LinkType::RawIp, [] { return ipv6_with(test::kIpProtocolUdp, {}); },
     "malformed:udp.truncated"},
    {"udp_length_7", LinkType::RawIp,
     [] {
         auto udp = client_datagram();
         udp.length = 7;
         return udp_in_ipv4(udp);
     },
     "malformed:udp.bad_length"},
    {"udp_length_0_over_ipv6", LinkType::RawIp,
     [] {
         auto udp = client_datagram();
         udp.length = 0;
         return ipv6_with(test::kIpProtocolUdp, udp.build());
     },
     "malformed:udp.bad_length"},
    {"udp_length_past_a_whole_ipv4_packet", LinkType::Ethernet,
     [] {
         auto udp = client_datagram();
         udp.payload.assign(10, 0);
         udp.length = 100;
         return ethernet(udp_in_ipv4(udp));
     },
     "malformed:udp.bad_length"},
    {"udp_length_past_a_whole_ipv6_packet", LinkType::LinuxSll2,
     [] {
         auto udp = client_datagram();
         udp.length = 1000;
         return test::linux_sll2_frame(test::kEtherTypeIpv6, ipv6_with(test::kIpProtocolUdp, udp.build()));
     },
     "malformed:udp.bad_length"},
    {"udp_length_past_the_ip_length_into_padding", LinkType::Ethernet,
     [] {
         auto udp = client_datagram();
         udp.payload = {1, 2};
         udp.length = 8 + 12;  // the Ethernet padding is not UDP payload
         EthernetFrame frame;
         frame.payload = udp_in_ipv4(udp);
         frame.pad_to = 60;
         return frame.build();
     },
     "malformed:udp.bad_length"},
};

BOOST_DATA_TEST_CASE(each_named_anomaly, data::make(kAnomalyCases), frame_case) {
    BOOST_TEST(decode(frame_case.link, frame_case.make()) == frame_case.expected);
}

BOOST_AUTO_TEST_CASE(unknown_link_type_is_an_anomaly_not_a_crash) {
    PacketView view;
    const FrameBytes frame = tcp_in_ipv4(client_segment());
    BOOST_TEST(describe(decode_packet(static_cast<LinkType>(99), frame, view)) == "malformed:link.unsupported_type");
}

// ---------------------------------------------------------------------------------------------------------
// Truncation at every prefix length.

// Decodes every prefix of `frame`. Below `headers` bytes the decoder must refuse; from there on it must
// decode with exactly the captured payload, always inside the prefix.
void check_every_prefix(LinkType link, const FrameBytes& frame, std::size_t headers) {
    for (std::size_t length = 0; length <= frame.size(); ++length) {
        // A fresh copy per prefix so that ASan catches any read past the prefix's end.
        const FrameBytes prefix(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(length));
        PacketView view;
        const auto outcome = decode_packet(link, prefix, view);
        BOOST_TEST_CONTEXT("prefix " << length << " of " << frame.size() << ": " << describe(outcome)) {
            if (length < headers) {
                BOOST_TEST((outcome.status == DecodeStatus::Malformed));
            } else {
                BOOST_TEST_REQUIRE((outcome.status == DecodeStatus::Ok));
                BOOST_TEST(view.payload.size() == length - headers);
            }
            if (outcome.status == DecodeStatus::Ok) BOOST_TEST(lies_within(view.payload, prefix));
        }
    }
}

BOOST_AUTO_TEST_CASE(every_prefix_of_an_ethernet_vlan_ipv4_tcp_frame) {
    TcpSegment tcp = client_segment();
    tcp.options = TcpSegment::mss_option(1400);
    tcp.payload.assign(48, 0x61);
    Ipv4Packet ip;
    ip.options.assign(4, 1);
    ip.payload = tcp.build();
    const auto frame = ethernet(ip.build(), test::kEtherTypeIpv4, {VlanTag{test::kTpidDot1Q, 42, 0}});
    check_every_prefix(LinkType::Ethernet, frame, 14 + 4 + 24 + 24);
}

BOOST_AUTO_TEST_CASE(every_prefix_of_an_ethernet_qinq_ipv6_extensions_udp_frame) {
    UdpDatagram udp = client_datagram();
    udp.payload.assign(40, 0x62);
    const auto ip = ipv6_with(test::kIpProtocolUdp, udp.build(),
                              {Ipv6Extension::hop_by_hop(), Ipv6Extension::routing(),
                               Ipv6Extension{Ipv6Extension::kDestinationOptions, FrameBytes(14, 0), {}}});
    const auto frame = ethernet(ip, test::kEtherTypeIpv6, EthernetFrame::qinq(3, 4));
    check_every_prefix(LinkType::Ethernet, frame, 14 + 8 + 40 + 8 + 8 + 16 + 8);
}

BOOST_DATA_TEST_CASE(every_prefix_on_every_link_type, data::make(kLinkCases) * data::make(kTransportCases),
                     link_case, transport_case) {
    const FrameBytes transport = transport_case.tcp ? client_segment().build() : client_datagram().build();
    const std::uint8_t protocol = transport_case.tcp ? test::kIpProtocolTcp : test::kIpProtocolUdp;
    const FrameBytes ip = transport_case.ipv6 ? ipv6_with(protocol, transport) : ipv4_with(protocol, transport);
    const FrameBytes frame = wrap(link_case, ip, transport_case.ipv6);
    const std::size_t payload = transport_case.tcp ? kTcpPayload.size() : kUdpPayload.size();
    check_every_prefix(link_case.link, frame, frame.size() - payload);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::decode
