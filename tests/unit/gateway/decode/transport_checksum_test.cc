#include "gateway/decode/transport_checksum.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

#include "gateway/decode/packet_decoder.h"

namespace schoolgate::gateway::decode {

std::ostream& operator<<(std::ostream& out, ChecksumCheck check) { return out << static_cast<int>(check); }

namespace {

std::vector<std::uint8_t> from_hex(std::string_view hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoi(std::string{hex.substr(i, 2)}, nullptr, 16)));
    }
    return out;
}

// Made by scapy, which computes checksums itself: IP(src=192.0.2.15, dst=203.0.113.10)/TCP(sport=50000,
// dport=443, seq=1001, ack=5001, flags=PA, options=[Timestamp (100, 0), NOP, NOP])/b"hello, server".
constexpr std::string_view kIpv4Segment =
    "450000410001000040067c9cc000020fcb00710ac35001bb000003e90000138980182000c9620000080a0000006400000000010168"
    "656c6c6f2c20736572766572";
// IPv6(src=2001:db8::15, dst=2001:db8:1::10)/TCP(sport=50000, dport=443, seq=1001, ack=5001, flags=PA)/b"hello, v6".
constexpr std::string_view kIpv6Segment =
    "60000000001d064020010db800000000000000000000001520010db8000100000000000000000010c35001bb000003e90000138950"
    "182000bd39000068656c6c6f2c207636";
constexpr std::size_t kIpv4TcpChecksumAt = 20 + 16;
// The pseudo-header sum alone (src, dst, protocol 6, TCP length 45), folded, which Linux leaves in the field
// for the NIC to finish (CHECKSUM_PARTIAL): worked out by hand, not by the code under test.
constexpr std::uint16_t kIpv4PartialSum = 0xfe4d;

// RFC 1071 as written: 16-bit words in network order, an odd last byte padded with zero, folded.
std::uint16_t reference_sum(const std::vector<std::uint8_t>& bytes, std::size_t from, std::uint32_t start) {
    std::uint32_t sum = start;
    for (std::size_t i = from; i < bytes.size(); i += 2) {
        sum += static_cast<std::uint32_t>(bytes[i] << 8) + (i + 1 < bytes.size() ? bytes[i + 1] : 0u);
    }
    while (sum >> 16) sum = (sum & 0xffffu) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

// An IPv4 TCP segment (no options) with `length` payload bytes from a fixed pseudo-random sequence, its
// checksum field set by reference_sum().
std::vector<std::uint8_t> segment_with_payload(std::size_t length) {
    auto bytes = from_hex("45000028000100004006000" "0c000020fcb00710ac35001bb000003e9000013895018200000000000");
    const auto total = static_cast<std::uint16_t>(bytes.size() + length);
    bytes[2] = static_cast<std::uint8_t>(total >> 8);
    bytes[3] = static_cast<std::uint8_t>(total & 0xff);
    std::uint32_t state = 2463534242u + static_cast<std::uint32_t>(length);
    for (std::size_t i = 0; i < length; ++i) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes.push_back(static_cast<std::uint8_t>(state));
    }
    const auto tcp_length = static_cast<std::uint32_t>(bytes.size() - 20);
    // Pseudo-header: source, destination, zero and protocol 6, the TCP length.
    const std::uint32_t pseudo = 0xc000 + 0x020f + 0xcb00 + 0x710a + 6 + tcp_length;
    const auto sum = reference_sum(bytes, 20, pseudo);
    const auto field = static_cast<std::uint16_t>(~sum);
    bytes[kIpv4TcpChecksumAt] = static_cast<std::uint8_t>(field >> 8);
    bytes[kIpv4TcpChecksumAt + 1] = static_cast<std::uint8_t>(field & 0xff);
    return bytes;
}

ChecksumCheck check(const std::vector<std::uint8_t>& bytes, bool not_ready = false) {
    PacketView view;
    BOOST_REQUIRE(decode_packet(LinkType::RawIp, bytes, view).status == DecodeStatus::Ok);
    view.checksum_not_ready = not_ready;
    return check_transport_checksum(view);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(TransportChecksumTest)

BOOST_AUTO_TEST_CASE(a_correct_checksum_is_valid_over_ipv4_and_ipv6) {
    BOOST_TEST(check(from_hex(kIpv4Segment)) == ChecksumCheck::Valid);
    BOOST_TEST(check(from_hex(kIpv6Segment)) == ChecksumCheck::Valid);
}

BOOST_AUTO_TEST_CASE(a_changed_byte_or_field_is_bad) {
    auto payload_changed = from_hex(kIpv4Segment);
    payload_changed.back() ^= 0x20;
    BOOST_TEST(check(payload_changed) == ChecksumCheck::Bad);
    auto field_changed = from_hex(kIpv6Segment);
    field_changed[40 + 17] ^= 0x01;
    BOOST_TEST(check(field_changed) == ChecksumCheck::Bad);
}

BOOST_AUTO_TEST_CASE(a_field_left_for_the_nic_is_offloaded_and_a_field_never_computed_is_unknown) {
    auto partial = from_hex(kIpv4Segment);
    partial[kIpv4TcpChecksumAt] = kIpv4PartialSum >> 8;
    partial[kIpv4TcpChecksumAt + 1] = kIpv4PartialSum & 0xff;
    BOOST_TEST(check(partial) == ChecksumCheck::Offloaded);
    BOOST_TEST(check(partial, true) == ChecksumCheck::Unknown);
}

// The sum is taken several bytes at a time: every length of tail (0 to 3 bytes past the last whole group,
// odd and even) agrees with RFC 1071 word by word, and one changed byte anywhere is seen.
BOOST_AUTO_TEST_CASE(every_payload_length_agrees_with_the_word_by_word_sum) {
    for (std::size_t length = 0; length <= 70; ++length) {
        BOOST_TEST_CONTEXT("payload of " << length << " bytes") {
            auto bytes = segment_with_payload(length);
            BOOST_TEST(check(bytes) == ChecksumCheck::Valid);
            for (std::size_t at = 20; at < bytes.size(); at += 7) {
                if (at == kIpv4TcpChecksumAt || at == kIpv4TcpChecksumAt + 1) continue;
                auto changed = bytes;
                changed[at] ^= 0x01;
                BOOST_TEST(check(changed) == ChecksumCheck::Bad);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_segment_cut_by_the_snap_length_is_unknown) {
    auto cut = from_hex(kIpv4Segment);
    cut.resize(cut.size() - 4);  // the IP total length still says 65
    BOOST_TEST(check(cut) == ChecksumCheck::Unknown);
}

BOOST_AUTO_TEST_CASE(the_decoder_reads_the_options_the_judge_needs) {
    PacketView view;
    const auto bytes = from_hex(kIpv4Segment);
    BOOST_REQUIRE(decode_packet(LinkType::RawIp, bytes, view).status == DecodeStatus::Ok);
    const auto facts = tcp_header_facts(view);
    BOOST_TEST(facts.has_timestamp);
    BOOST_TEST(facts.ts_value == 100u);
    BOOST_TEST(!facts.md5_option);
    BOOST_TEST(facts.window == 8192u);
    BOOST_TEST(view.payload.size() == 13u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::decode
