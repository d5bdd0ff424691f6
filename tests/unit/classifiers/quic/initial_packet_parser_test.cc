#include "classifiers/quic/initial_packet_parser.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "classifiers/anomaly.h"
#include "classifiers/quic/initial_keys.h"
#include "classifiers/tls/client_hello_parser.h"
#include "support/quic_initial_builder.h"
#include "unit/classifiers/quic/rfc9001_vectors.h"

namespace {

namespace quic = schoolgate::classifiers::quic;
namespace rfc = schoolgate::test::rfc9001;
using schoolgate::classifiers::Anomaly;
using schoolgate::classifiers::ParseStatus;
using schoolgate::test::QuicInitialBuilder;
using Bytes = std::vector<std::uint8_t>;

QuicInitialBuilder::Keys builder_keys(const quic::InitialKeys& keys) { return {keys.key, keys.iv, keys.hp}; }

quic::InitialKeys rfc_keys() { return *quic::derive_client_initial_keys(quic::QuicVersion::V1, rfc::from_hex(rfc::kDcid)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(InitialPacketParserTest)

BOOST_AUTO_TEST_CASE(the_test_builder_reproduces_rfc9001_a2) {
    Bytes payload = rfc::from_hex(rfc::kClientCryptoFrame);
    payload.resize(1162, 0x00);
    const auto sealed = QuicInitialBuilder::protect(builder_keys(rfc_keys()), rfc::from_hex(rfc::kClientHeader), 4, 2,
                                                    payload);
    BOOST_TEST(sealed == rfc::from_hex(rfc::kProtectedClientInitial), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(opens_the_rfc9001_a2_client_initial) {
    const auto datagram = rfc::from_hex(rfc::kProtectedClientInitial);
    const auto header = quic::parse_long_header(datagram);
    BOOST_REQUIRE(header.is_ok());
    const auto& packet = header.value();
    BOOST_TEST(packet.wire_version == 1u);
    BOOST_TEST((packet.type == quic::LongPacketType::Initial));
    BOOST_TEST(Bytes(packet.dcid.begin(), packet.dcid.end()) == rfc::from_hex(rfc::kDcid));
    BOOST_TEST(packet.scid.empty());
    BOOST_TEST(packet.token.empty());
    BOOST_TEST(packet.packet_number_offset == 18u);
    BOOST_TEST(packet.packet.size() == 1200u);
    BOOST_TEST(packet.rest.empty());

    const auto opened = quic::open_initial(packet, rfc_keys(), std::nullopt);
    BOOST_REQUIRE(opened.is_ok());
    BOOST_TEST(opened.value().packet_number == 2u);
    BOOST_TEST(opened.value().plaintext.size() == 1162u);

    const auto frames = quic::parse_initial_frames(opened.value().plaintext);
    BOOST_REQUIRE(frames.is_ok());
    BOOST_REQUIRE(frames.value().size() == 1u);
    const auto& crypto = frames.value().front();
    BOOST_TEST(crypto.offset == 0u);
    BOOST_REQUIRE(crypto.data.size() == 241u);  // 4-byte handshake header + 237-byte ClientHello
    const auto hello = schoolgate::classifiers::tls::parse_client_hello(crypto.data.subspan(4));
    BOOST_REQUIRE(hello.is_ok());
    BOOST_TEST(hello.value().server_name.value_or("") == "example.com");
}

BOOST_AUTO_TEST_CASE(a_corrupted_tag_fails_to_decrypt) {
    auto datagram = rfc::from_hex(rfc::kProtectedClientInitial);
    datagram.back() ^= 0x01;
    const auto header = quic::parse_long_header(datagram);
    BOOST_REQUIRE(header.is_ok());
    const auto opened = quic::open_initial(header.value(), rfc_keys(), std::nullopt);
    BOOST_TEST((opened.status() == ParseStatus::Malformed));
    BOOST_TEST((opened.anomaly() == Anomaly::QuicDecryptFailed));
}

BOOST_AUTO_TEST_CASE(every_prefix_is_malformed_not_a_crash) {
    const auto datagram = rfc::from_hex(rfc::kProtectedClientInitial);
    for (std::size_t size = 0; size < datagram.size(); ++size) {
        const auto header = quic::parse_long_header(std::span{datagram}.first(size));
        BOOST_TEST_REQUIRE(!header.is_ok(), "prefix " << size);
        BOOST_TEST_REQUIRE((header.anomaly() == Anomaly::QuicInitialMalformed), "prefix " << size);
    }
}

BOOST_AUTO_TEST_CASE(returns_coalesced_packets_as_rest) {
    const auto keys = builder_keys(rfc_keys());
    const Bytes dcid{1, 2, 3, 4};
    auto datagram = QuicInitialBuilder::seal(keys, QuicInitialBuilder::kVersion1, dcid, {}, 0, 1, Bytes{0x01});
    const auto first_size = datagram.size();
    QuicInitialBuilder::append(datagram, QuicInitialBuilder::seal(keys, QuicInitialBuilder::kVersion1, dcid, {}, 1, 1,
                                                                  Bytes{0x01}));
    const auto header = quic::parse_long_header(datagram);
    BOOST_REQUIRE(header.is_ok());
    BOOST_TEST(header.value().packet.size() == first_size);
    BOOST_TEST(header.value().rest.size() == datagram.size() - first_size);
}

BOOST_AUTO_TEST_CASE(rejects_long_connection_ids_and_a_clear_fixed_bit) {
    Bytes long_cid{0xc0, 0x00, 0x00, 0x00, 0x01, 21};
    long_cid.resize(long_cid.size() + 40, 0x00);
    BOOST_TEST(!quic::parse_long_header(long_cid).is_ok());
    Bytes no_fixed_bit{0x80, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00};
    BOOST_TEST(!quic::parse_long_header(no_fixed_bit).is_ok());
}

BOOST_AUTO_TEST_CASE(unknown_versions_keep_only_the_invariant_fields) {
    const Bytes negotiation{0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0xaa, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x01};
    const auto header = quic::parse_long_header(negotiation);
    BOOST_REQUIRE(header.is_ok());
    BOOST_TEST(!header.value().version.has_value());
    BOOST_TEST(header.value().dcid.size() == 1u);
}

BOOST_AUTO_TEST_CASE(frames_skip_padding_ping_ack_and_stop_at_others) {
    const Bytes plaintext{0x00, 0x00, 0x01,                    // PADDING, PADDING, PING
                          0x02, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00,  // ACK largest 5, 1 extra range
                          0x06, 0x03, 0x02, 'h', 'i',                // CRYPTO offset 3 "hi"
                          0x1c, 0x00, 0x00, 0x00,                    // CONNECTION_CLOSE: reading stops
                          0x06, 0x00, 0x01, 'x'};
    const auto frames = quic::parse_initial_frames(plaintext);
    BOOST_REQUIRE(frames.is_ok());
    BOOST_REQUIRE(frames.value().size() == 1u);
    BOOST_TEST(frames.value().front().offset == 3u);
    BOOST_TEST(frames.value().front().data.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_truncated_crypto_frame_is_malformed) {
    const Bytes plaintext{0x06, 0x00, 0x05, 'a', 'b'};
    const auto frames = quic::parse_initial_frames(plaintext);
    BOOST_TEST((frames.status() == ParseStatus::Malformed));
    BOOST_TEST((frames.anomaly() == Anomaly::QuicInitialMalformed));
}

BOOST_AUTO_TEST_CASE(the_probe_wants_a_readable_long_header) {
    BOOST_TEST(quic::looks_like_quic_long_header(rfc::from_hex(rfc::kProtectedClientInitial)));
    BOOST_TEST(quic::looks_like_quic_long_header(Bytes{0xc3, 0x6b, 0x33, 0x43, 0xcf}));
    BOOST_TEST(quic::looks_like_quic_long_header(Bytes{0xc0, 0xff, 0x00, 0x00, 0x1d}));
    BOOST_TEST(!quic::looks_like_quic_long_header(Bytes{0xc0, 0xff, 0x00, 0x00, 0x1b}));  // draft-27
    BOOST_TEST(!quic::looks_like_quic_long_header(Bytes{0x80, 0x00, 0x00, 0x00, 0x01}));  // fixed bit clear
    BOOST_TEST(!quic::looks_like_quic_long_header(Bytes{0x40, 0x00, 0x00, 0x00, 0x01}));  // short header
    BOOST_TEST(!quic::looks_like_quic_long_header(Bytes{0xc0, 0x00, 0x00, 0x00}));
    BOOST_TEST(!quic::looks_like_quic_long_header(Bytes{0xc0, 0x0a, 0x0a, 0x0a, 0x0a}));  // reserved, but unpadded
    Bytes padded_reserved(1200, 0x00);
    padded_reserved[0] = 0xc0;
    padded_reserved[1] = padded_reserved[2] = padded_reserved[3] = padded_reserved[4] = 0x0a;
    BOOST_TEST(quic::looks_like_quic_long_header(padded_reserved));
    BOOST_TEST(quic::is_reserved_quic_version(0x7a8a9aaa));
    BOOST_TEST(!quic::is_reserved_quic_version(0x00000001));
    BOOST_TEST(!quic::is_reserved_quic_version(0x6b3343cf));
}

BOOST_AUTO_TEST_SUITE_END()
