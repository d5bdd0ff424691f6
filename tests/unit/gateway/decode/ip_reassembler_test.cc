#include "gateway/decode/ip_reassembler.h"

#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gateway/decode/packet_decoder.h"
#include "support/frame_builder.h"

namespace schoolgate::gateway::decode {
namespace {

using classifiers::Anomaly;
using test::FrameBytes;
using test::Ipv4Packet;
using test::Ipv6Extension;
using test::Ipv6Packet;

constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kStart = 1'772'619'300ULL * kSecond;

/// One fragment: where its data starts in the transport bytes, how many bytes, and its bytes if they are
/// not the datagram's own (an evasion tool's second copy).
struct Piece {
    std::size_t begin;
    std::size_t length;
    std::optional<FrameBytes> bytes = std::nullopt;
};

/// A TCP segment of `payload_bytes` bytes to 443 whose payload is 'a', 'b', 'c'... so that every offset is
/// recognisable.
FrameBytes tcp_transport(std::size_t payload_bytes = 96) {
    test::TcpSegment tcp;
    tcp.src_port = 50000;
    tcp.dst_port = 443;
    for (std::size_t i = 0; i < payload_bytes; ++i) tcp.payload.push_back(static_cast<std::uint8_t>('a' + i % 26));
    return tcp.build();
}

FrameBytes slice(const FrameBytes& bytes, const Piece& piece) {
    if (piece.bytes) return *piece.bytes;
    const auto from = bytes.begin() + static_cast<std::ptrdiff_t>(std::min(piece.begin, bytes.size()));
    const auto to = bytes.begin() + static_cast<std::ptrdiff_t>(std::min(piece.begin + piece.length, bytes.size()));
    return FrameBytes(from, to);
}

/// IPv4 fragments of `transport` (RFC 791): MF on all but the piece that reaches the end.
FrameBytes ipv4_fragment(const FrameBytes& transport, const Piece& piece, std::uint16_t id = 7,
                         std::array<std::uint8_t, 4> src = {192, 0, 2, 15}) {
    Ipv4Packet ip;
    ip.src = src;
    ip.identification = id;
    ip.fragment_offset = static_cast<std::uint16_t>(piece.begin / 8);
    ip.more_fragments = piece.begin + piece.length < transport.size();
    ip.payload = slice(transport, piece);
    return ip.build();
}

/// IPv6 fragments (RFC 8200 §4.5) with `before` extension headers ahead of the fragment header.
FrameBytes ipv6_fragment(const FrameBytes& transport, const Piece& piece, std::vector<Ipv6Extension> before = {},
                         std::uint32_t id = 0x1234) {
    Ipv6Packet ip;
    ip.extensions = std::move(before);
    const bool more = piece.begin + piece.length < transport.size();
    ip.extensions.push_back(Ipv6Extension::fragment(static_cast<std::uint16_t>(piece.begin / 8), more, id));
    ip.payload = slice(transport, piece);
    return ip.build();
}

/// Feeds frames to one reassembler, as the engine's FrameDecoder does, and keeps what came out.
struct Reassembly {
    explicit Reassembly(ReassemblyLimits limits = {}) : reassembler(limits) {}

    /// True when this frame completed a datagram (then `packet` is it, decoded).
    bool add(const FrameBytes& frame, std::uint64_t at = kStart) {
        PacketView fragment;
        const auto outcome = decode_packet(LinkType::RawIp, frame, fragment);
        BOOST_TEST_REQUIRE((outcome.status == DecodeStatus::Fragment));
        const auto whole = reassembler.add(fragment, at, anomalies);
        if (!whole) return false;
        datagram.assign(whole->datagram.begin(), whole->datagram.end());
        overlapped = whole->overlapped;
        decoded = decode_packet(LinkType::RawIp, datagram, packet);
        return true;
    }
    std::string payload() const { return std::string(packet.payload.begin(), packet.payload.end()); }

    IpReassembler reassembler;
    classifiers::AnomalyCounters anomalies;
    FrameBytes datagram;
    bool overlapped = false;
    DecodeOutcome decoded{DecodeStatus::Malformed};
    PacketView packet;
};

std::string expected_payload(std::size_t payload_bytes = 96) {
    std::string out;
    for (std::size_t i = 0; i < payload_bytes; ++i) out.push_back(static_cast<char>('a' + i % 26));
    return out;
}

// The transport bytes are a 20-byte TCP header and 96 payload bytes: 116 bytes, cut at 8-byte multiples.
const std::vector<Piece> kThreePieces = {{0, 40}, {40, 40}, {80, 36}};

BOOST_AUTO_TEST_SUITE(IpReassemblerTest)

BOOST_AUTO_TEST_CASE(ipv4_fragments_in_order_make_the_datagram) {
    Reassembly r;
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[1])));
    BOOST_TEST(r.add(ipv4_fragment(transport, kThreePieces[2])));
    BOOST_TEST((r.decoded.status == DecodeStatus::Ok));
    BOOST_TEST(r.packet.src_port == 50000);
    BOOST_TEST(r.packet.dst_port == 443);
    BOOST_TEST(r.payload() == expected_payload());
    BOOST_TEST(r.packet.ip_packet.size() == 20 + transport.size());
    BOOST_TEST(!r.overlapped);
    BOOST_TEST(r.anomalies.total() == 0u);
    BOOST_TEST(r.reassembler.datagrams() == 0u);  // released once whole
    BOOST_TEST(r.reassembler.sources() == 0u);
}

BOOST_AUTO_TEST_CASE(ipv4_fragments_in_reverse_and_shuffled_order_make_the_same_datagram) {
    const auto transport = tcp_transport();
    for (const std::vector<std::size_t>& order : {std::vector<std::size_t>{2, 1, 0}, {1, 2, 0}, {2, 0, 1}}) {
        Reassembly r;
        for (std::size_t i = 0; i < order.size(); ++i) {
            BOOST_TEST(r.add(ipv4_fragment(transport, kThreePieces[order[i]])) == (i + 1 == order.size()));
        }
        BOOST_TEST(r.payload() == expected_payload());
        BOOST_TEST(r.anomalies.total() == 0u);
    }
}

BOOST_AUTO_TEST_CASE(duplicates_and_agreeing_ipv4_overlaps_change_nothing) {
    Reassembly r;
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0])));  // an exact duplicate
    BOOST_TEST(!r.add(ipv4_fragment(transport, {32, 32})));          // overlaps both neighbours, same bytes
    BOOST_TEST(r.add(ipv4_fragment(transport, {64, 52})));
    BOOST_TEST(r.payload() == expected_payload());
    BOOST_TEST(!r.overlapped);
    BOOST_TEST(r.anomalies.total() == 0u);
}

// zapret and hand-made tools: a second copy of a fragment with other bytes. Which copy a server keeps is its
// system's choice (Linux since 4.19 drops the datagram), so the datagram is not read, and the flow is told.
BOOST_AUTO_TEST_CASE(ipv4_overlaps_that_disagree_are_flagged_and_the_first_copy_kept) {
    Reassembly r;
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!r.add(ipv4_fragment(transport, {40, 40, FrameBytes(40, 'X')})));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[1])));  // the real bytes, second
    BOOST_TEST(r.add(ipv4_fragment(transport, kThreePieces[2])));
    BOOST_TEST(r.overlapped);
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentOverlap) == 1u);
    BOOST_TEST(r.packet.dst_port == 443);  // the header is still the first fragment's
    BOOST_TEST(r.payload().substr(20, 40) == std::string(40, 'X'));
}

BOOST_AUTO_TEST_CASE(ipv6_fragments_after_extension_headers_make_the_datagram) {
    Reassembly r;
    const auto transport = tcp_transport();
    const std::vector<Ipv6Extension> before = {Ipv6Extension::hop_by_hop(), Ipv6Extension::routing()};
    BOOST_TEST(!r.add(ipv6_fragment(transport, kThreePieces[2], before)));
    BOOST_TEST(!r.add(ipv6_fragment(transport, kThreePieces[0], before)));
    BOOST_TEST(r.add(ipv6_fragment(transport, kThreePieces[1], before)));
    BOOST_TEST((r.decoded.status == DecodeStatus::Ok));
    BOOST_TEST(!r.packet.src.is_v4());
    BOOST_TEST(r.packet.ip_protocol == test::kIpProtocolTcp);
    BOOST_TEST(r.packet.dst_port == 443);
    BOOST_TEST(r.payload() == expected_payload());
    BOOST_TEST(r.packet.ip_packet.size() == 40 + 8 + 8 + transport.size());  // the fragment header is gone
    BOOST_TEST(r.anomalies.total() == 0u);
}

// RFC 5722: any overlap discards an IPv6 datagram, even with the same bytes; an exact duplicate is ignored.
BOOST_AUTO_TEST_CASE(ipv6_overlaps_are_discarded_but_exact_duplicates_are_not) {
    const auto transport = tcp_transport();
    Reassembly duplicate;
    BOOST_TEST(!duplicate.add(ipv6_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!duplicate.add(ipv6_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!duplicate.add(ipv6_fragment(transport, kThreePieces[1])));
    BOOST_TEST(duplicate.add(ipv6_fragment(transport, kThreePieces[2])));
    BOOST_TEST(!duplicate.overlapped);

    Reassembly overlap;
    BOOST_TEST(!overlap.add(ipv6_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!overlap.add(ipv6_fragment(transport, {32, 48})));  // same bytes, other boundaries
    BOOST_TEST(overlap.add(ipv6_fragment(transport, {80, 36})));
    BOOST_TEST(overlap.overlapped);
    BOOST_TEST(overlap.anomalies.count(Anomaly::IpFragmentOverlap) == 1u);
}

// The transport header split across fragments: the first carries only the ports and sequence number.
BOOST_AUTO_TEST_CASE(a_tiny_first_fragment_splitting_the_tcp_header_works) {
    const auto transport = tcp_transport();
    for (const bool v6 : {false, true}) {
        Reassembly r;
        const auto fragment = [&](const Piece& piece) {
            return v6 ? ipv6_fragment(transport, piece) : ipv4_fragment(transport, piece);
        };
        BOOST_TEST(!r.add(fragment({0, 8})));
        BOOST_TEST(r.add(fragment({8, 108})));
        BOOST_TEST((r.decoded.status == DecodeStatus::Ok));
        BOOST_TEST(r.packet.dst_port == 443);
        BOOST_TEST(r.payload() == expected_payload());
    }
}

BOOST_AUTO_TEST_CASE(a_datagram_not_whole_within_the_timeout_is_counted_and_dropped) {
    Reassembly r;
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0]), kStart));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[1]), kStart + 29 * kSecond));
    BOOST_TEST(r.reassembler.datagrams() == 1u);
    // 30 s after its first fragment: gone, counted, and the last piece alone cannot complete it.
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[2]), kStart + 30 * kSecond));
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentTimeout) == 1u);
    BOOST_TEST(r.reassembler.datagrams() == 1u);  // the last piece waits on its own
    r.reassembler.finish(r.anomalies);             // the end of the capture
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentTimeout) == 2u);
    BOOST_TEST(r.reassembler.datagrams() == 0u);
    BOOST_TEST(r.reassembler.sources() == 0u);
}

BOOST_AUTO_TEST_CASE(a_fragment_past_the_largest_datagram_discards_it) {
    Reassembly r{ReassemblyLimits{.max_datagram_bytes = 100}};
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[2])));  // ends at 116
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[1])));  // taken in, never completes
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentTooLarge) == 1u);
    r.reassembler.finish(r.anomalies);
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentTimeout) == 0u);  // counted once, as too large
}

// RFC 791 lets offsets reach past 65,535 bytes (the ping of death): no receiver takes such a datagram.
BOOST_AUTO_TEST_CASE(a_datagram_longer_than_its_length_field_is_refused) {
    Reassembly r{ReassemblyLimits{.max_datagram_bytes = 70000}};
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, {0, 8})));
    Ipv4Packet last;
    last.identification = 7;
    last.src = {192, 0, 2, 15};
    last.fragment_offset = 8190;  // 65,520 bytes in
    last.payload = FrameBytes(100, 0);
    BOOST_TEST(!r.add(last.build()));
    BOOST_TEST(r.reassembler.datagrams() == 1u);  // waiting for the bytes between
    Ipv4Packet middle = last;
    middle.fragment_offset = 1;
    middle.more_fragments = true;
    middle.payload = FrameBytes(65504, 0);
    middle.total_length = static_cast<std::uint16_t>(20 + middle.payload.size());
    BOOST_TEST(!r.add(middle.build()));
    Ipv4Packet tail = last;
    tail.fragment_offset = 8189;
    tail.more_fragments = true;
    tail.payload = FrameBytes(8, 0);
    BOOST_TEST(!r.add(tail.build()));
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentTooLarge) == 1u);
    BOOST_TEST(r.reassembler.datagrams() == 0u);
}

BOOST_AUTO_TEST_CASE(more_fragments_than_the_limit_discard_the_datagram) {
    Reassembly r{ReassemblyLimits{.max_fragments = 4}};
    const auto transport = tcp_transport();
    for (std::size_t at = 0; at < 40; at += 8) BOOST_TEST(!r.add(ipv4_fragment(transport, {at, 8})));
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentTooMany) == 1u);
    BOOST_TEST(!r.add(ipv4_fragment(transport, {40, 76})));  // the rest is taken in and never completes it
    BOOST_TEST(r.anomalies.total() == 1u);
}

BOOST_AUTO_TEST_CASE(a_full_table_gives_up_its_oldest_datagram_and_says_so) {
    Reassembly r{ReassemblyLimits{.max_datagrams = 2, .max_datagrams_per_source = 2}};
    const auto transport = tcp_transport();
    const std::array<std::uint8_t, 4> a{192, 0, 2, 1}, b{192, 0, 2, 2}, c{192, 0, 2, 3};
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0], 1, a)));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0], 2, b)));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0], 3, c)));  // evicts a's
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentEvicted) == 1u);
    BOOST_TEST(r.reassembler.datagrams() == 2u);
    BOOST_TEST(r.add(ipv4_fragment(transport, {40, 76}, 2, b)));
    BOOST_TEST(r.payload() == expected_payload());
    BOOST_TEST(!r.add(ipv4_fragment(transport, {40, 76}, 1, a)));  // a's first part is gone
}

// One device flooding fragments takes only its own share: its newest datagram evicts its own oldest, and
// another device's datagram stays whole.
BOOST_AUTO_TEST_CASE(one_source_cannot_take_more_than_its_share) {
    Reassembly r{ReassemblyLimits{.max_datagrams = 8, .max_datagrams_per_source = 2}};
    const auto transport = tcp_transport();
    const std::array<std::uint8_t, 4> flooder{192, 0, 2, 66}, pupil{192, 0, 2, 15};
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0], 1000, pupil)));
    for (std::uint16_t id = 1; id <= 50; ++id) {
        BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0], id, flooder)));
    }
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentSourceShare) == 48u);
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentEvicted) == 0u);
    BOOST_TEST(r.reassembler.datagrams() == 3u);
    BOOST_TEST(r.add(ipv4_fragment(transport, {40, 76}, 1000, pupil)));
    BOOST_TEST(r.payload() == expected_payload());
    BOOST_TEST(r.add(ipv4_fragment(transport, {40, 76}, 50, flooder)));  // its newest is still there
}

BOOST_AUTO_TEST_CASE(fragments_are_keyed_by_identification_and_protocol) {
    Reassembly r;
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0], 1)));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0], 2)));
    Ipv4Packet udp_same_id;
    udp_same_id.src = {192, 0, 2, 15};
    udp_same_id.identification = 1;
    udp_same_id.protocol = test::kIpProtocolUdp;
    udp_same_id.fragment_offset = 5;
    udp_same_id.payload = slice(transport, {40, 76});
    BOOST_TEST(!r.add(udp_same_id.build()));  // another protocol: another datagram
    BOOST_TEST(r.reassembler.datagrams() == 3u);
    BOOST_TEST(!r.add(ipv4_fragment(transport, {40, 40}, 2)));
    BOOST_TEST(r.add(ipv4_fragment(transport, {80, 36}, 2)));
    BOOST_TEST(r.add(ipv4_fragment(transport, {40, 76}, 1)));
    BOOST_TEST(r.anomalies.total() == 0u);
}

// Linux cuts a non-final IPv4 fragment to a multiple of 8 bytes and reads on; RFC 8200 refuses an IPv6 one.
BOOST_AUTO_TEST_CASE(a_non_final_fragment_not_a_multiple_of_8_follows_linux) {
    const auto transport = tcp_transport();
    Reassembly v4;
    FrameBytes odd = slice(transport, {0, 40});
    odd.insert(odd.end(), {'Z', 'Z', 'Z', 'Z', 'Z'});  // 45 bytes: the last 5 are cut, never read
    BOOST_TEST(!v4.add(ipv4_fragment(transport, {0, 45, odd})));
    BOOST_TEST(v4.add(ipv4_fragment(transport, {40, 76})));
    BOOST_TEST(v4.payload() == expected_payload());
    BOOST_TEST(!v4.overlapped);
    BOOST_TEST(v4.anomalies.total() == 0u);

    Reassembly v6;
    PacketView fragment;
    Ipv6Packet ip;
    ip.extensions = {Ipv6Extension::fragment(0, true)};
    ip.payload = slice(transport, {0, 45});
    const auto frame = ip.build();
    BOOST_TEST((decode_packet(LinkType::RawIp, frame, fragment).status == DecodeStatus::Fragment));
    BOOST_TEST(!v6.reassembler.add(fragment, kStart, v6.anomalies));
    BOOST_TEST(v6.anomalies.count(Anomaly::IpFragmentBadLength) == 1u);
    BOOST_TEST(v6.reassembler.datagrams() == 0u);
}

BOOST_AUTO_TEST_CASE(last_fragments_that_disagree_on_the_length_discard_the_datagram) {
    Reassembly r;
    const auto transport = tcp_transport();
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[2])));
    Ipv4Packet shorter;
    shorter.src = {192, 0, 2, 15};
    shorter.identification = 7;
    shorter.fragment_offset = 10;
    shorter.payload = FrameBytes(16, 0);  // a second last fragment ending at 96, not 116
    BOOST_TEST(!r.add(shorter.build()));
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentBadLength) == 1u);
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[0])));
    BOOST_TEST(!r.add(ipv4_fragment(transport, kThreePieces[1])));
    BOOST_TEST(r.anomalies.total() == 1u);
}

BOOST_AUTO_TEST_CASE(a_fragment_cut_by_the_snap_length_is_not_taken) {
    Reassembly r;
    const auto transport = tcp_transport();
    auto frame = ipv4_fragment(transport, kThreePieces[0]);
    frame.resize(frame.size() - 10);
    PacketView fragment;
    BOOST_TEST((decode_packet(LinkType::RawIp, frame, fragment).status == DecodeStatus::Fragment));
    BOOST_TEST(fragment.fragment.cut);
    BOOST_TEST(!r.reassembler.add(fragment, kStart, r.anomalies));
    BOOST_TEST(r.anomalies.count(Anomaly::IpFragmentTruncated) == 1u);
    BOOST_TEST(r.reassembler.datagrams() == 0u);
}

BOOST_AUTO_TEST_CASE(an_ipv6_atomic_fragment_is_its_own_datagram) {
    Reassembly r;
    BOOST_TEST(r.add(ipv6_fragment(tcp_transport(), {0, 116})));
    BOOST_TEST(r.payload() == expected_payload());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::decode
