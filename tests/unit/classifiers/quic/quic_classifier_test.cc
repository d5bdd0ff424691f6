#include "classifiers/quic/quic_classifier.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/limits.h"
#include "classifiers/quic/initial_keys.h"
#include "classifiers/registry.h"
#include "support/classifier_test_text.h"
#include "support/client_hello_builder.h"
#include "support/quic_initial_builder.h"
#include "unit/classifiers/quic/rfc9001_vectors.h"

namespace {

namespace quic = schoolgate::classifiers::quic;
namespace rfc = schoolgate::test::rfc9001;
namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::anomaly_name;
using schoolgate::classifiers::ClassifierContext;
using schoolgate::classifiers::Direction;
using schoolgate::classifiers::FlowInspector;
using schoolgate::classifiers::HostSource;
using schoolgate::classifiers::InspectStatus;
using schoolgate::classifiers::Observations;
using schoolgate::classifiers::select_classifier;
using schoolgate::classifiers::Transport;
using schoolgate::classifiers::dns::AddressNameCache;
using schoolgate::test::ClientHelloBuilder;
using schoolgate::test::QuicInitialBuilder;
using schoolgate::test::Bytes;
using schoolgate::test::anomaly_names;

constexpr std::uint64_t kNow = 1'700'000'000'000'000;
const Bytes kDcid{0x8f, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
const Bytes kScid{0x01, 0x02, 0x03, 0x04};

// One UDP flow to port 443 through the real FlowInspector (registry probe, classifier).
struct QuicFlow {
    AddressNameCache cache{16};
    ClassifierContext context{cache, kNow};
    FlowInspector inspector{Transport::Udp, 443};

    InspectStatus send(std::span<const std::uint8_t> datagram) {
        return inspector.on_udp_datagram(Direction::ClientToServer, datagram, context);
    }
    const Observations& facts() const { return inspector.observations(); }
};

QuicInitialBuilder::Keys keys_for(std::uint32_t version, const Bytes& dcid) {
    const auto keys = quic::derive_client_initial_keys(*quic::quic_version_from_wire(version), dcid);
    return {keys->key, keys->iv, keys->hp};
}

// An Initial carrying `frames`, padded to 1200 bytes as a client must (RFC 9000 §14.1).
Bytes initial(std::uint32_t version, std::uint64_t packet_number, Bytes frames) {
    frames.resize(std::max<std::size_t>(frames.size(), 1100), 0x00);
    return QuicInitialBuilder::seal(keys_for(version, kDcid), version, kDcid, kScid, packet_number, 2, frames);
}

// A datagram that starts like a reserved-version (RFC 9000 §15) long header, for the registry probe.
Bytes reserved_version_datagram(std::size_t datagram_bytes, std::uint32_t version = 0x1a2a3a4a) {
    Bytes datagram{0xc3, static_cast<std::uint8_t>(version >> 24), static_cast<std::uint8_t>(version >> 16),
                   static_cast<std::uint8_t>(version >> 8), static_cast<std::uint8_t>(version)};
    datagram.resize(datagram_bytes, 0x00);
    return datagram;
}

Bytes crypto(std::uint64_t offset, std::span<const std::uint8_t> data) {
    return QuicInitialBuilder::crypto_frame(offset, data);
}

// A client Initial in a reserved version, sealed with the keys of `keys_version` for `key_dcid`: readable
// when those are draft-29's or v1's for its own connection ID, unreadable otherwise.
Bytes reserved_version_initial(std::uint32_t reserved, std::uint32_t keys_version, const Bytes& key_dcid,
                               Bytes frames = Bytes{0x01}) {
    frames.resize(std::max<std::size_t>(frames.size(), 1200), 0x00);  // the datagram is then over 1200 bytes
    return QuicInitialBuilder::seal(keys_for(keys_version, key_dcid), reserved, kDcid, kScid, 0, 2, frames);
}

const Bytes kOtherDcid{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};

}  // namespace

BOOST_AUTO_TEST_SUITE(QuicClassifierTest)

BOOST_AUTO_TEST_CASE(names_the_rfc9001_a2_client_initial) {
    QuicFlow flow;
    BOOST_TEST((flow.send(rfc::from_hex(rfc::kProtectedClientInitial)) == InspectStatus::NeedMore));
    BOOST_TEST(flow.inspector.classifier_name() == "quic");
    BOOST_TEST(flow.facts().host == "example.com");
    BOOST_TEST((flow.facts().host_source == HostSource::Quic));
    BOOST_TEST(flow.facts().classifier == "quic");
    BOOST_REQUIRE(flow.facts().tls.has_value());
    BOOST_TEST(flow.facts().tls->alpn == std::vector<std::string>{"alpn"});
    BOOST_TEST(flow.facts().anomalies.empty());
}

BOOST_AUTO_TEST_CASE(every_truncation_of_the_rfc_packet_yields_no_host) {
    const auto datagram = rfc::from_hex(rfc::kProtectedClientInitial);
    for (std::size_t size = 0; size < datagram.size(); ++size) {
        QuicFlow flow;
        const auto status = flow.send(std::span{datagram}.first(size));
        // Claimed as QUIC: done with it (nothing to name). Too short to be claimed: the flow waits for the
        // client's next datagram, since a junk datagram first must not end inspection.
        const bool claimed = flow.inspector.classifier_name() == "quic";
        BOOST_TEST_REQUIRE((status == (claimed ? InspectStatus::Done : InspectStatus::NeedMore)), "prefix " << size);
        BOOST_TEST_REQUIRE(flow.facts().host.empty(), "prefix " << size);
    }
}

BOOST_AUTO_TEST_CASE(a_corrupted_tag_is_decrypt_failed) {
    auto datagram = rfc::from_hex(rfc::kProtectedClientInitial);
    datagram.back() ^= 0x80;
    QuicFlow flow;
    BOOST_TEST((flow.send(datagram) == InspectStatus::Done));
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"quic.decrypt_failed"});
}

BOOST_AUTO_TEST_CASE(joins_a_client_hello_split_over_two_initials_in_reverse_order) {
    for (const auto version : {QuicInitialBuilder::kVersion1, QuicInitialBuilder::kVersion2,
                               QuicInitialBuilder::kDraft29}) {
        const Bytes hello = ClientHelloBuilder::browser_like("www.youtube.com").handshake();
        const std::size_t cut = hello.size() / 2;
        const auto first = initial(version, 0, crypto(0, std::span{hello}.first(cut)));
        const auto second = initial(version, 1, crypto(cut, std::span{hello}.subspan(cut)));
        QuicFlow flow;
        BOOST_TEST((flow.send(second) == InspectStatus::NeedMore), "version " << version);
        BOOST_TEST(flow.facts().host.empty());
        BOOST_TEST((flow.send(first) == InspectStatus::NeedMore), "version " << version);
        BOOST_TEST(flow.facts().host == "www.youtube.com", "version " << version);
        BOOST_REQUIRE(flow.facts().tls.has_value());
        BOOST_TEST(flow.facts().tls->alpn == (std::vector<std::string>{"h2", "http/1.1"}));
        BOOST_TEST(flow.facts().anomalies.empty());
    }
}

BOOST_AUTO_TEST_CASE(reads_coalesced_initials_in_one_datagram) {
    const Bytes hello = ClientHelloBuilder::browser_like("chat.example.org").handshake();
    const std::size_t cut = 40;
    // The later piece comes first in the datagram; both are small, so no padding between them.
    auto datagram = QuicInitialBuilder::seal(keys_for(1, kDcid), 1, kDcid, kScid, 1, 1,
                                             crypto(cut, std::span{hello}.subspan(cut)));
    QuicInitialBuilder::append(datagram, QuicInitialBuilder::seal(keys_for(1, kDcid), 1, kDcid, kScid, 0, 1,
                                                                  crypto(0, std::span{hello}.first(cut))));
    datagram.resize(datagram.size() + 64, 0x00);  // zero padding after the packets
    QuicFlow flow;
    BOOST_TEST((flow.send(datagram) == InspectStatus::NeedMore));
    BOOST_TEST(flow.facts().host == "chat.example.org");
    BOOST_TEST(flow.facts().anomalies.empty());
}

// Issue 14: a fake Initial for an allowed name first (zapret's fake QUIC, the tool bundles' www.google.com)
// named the flow, and the real Initial after it, under another connection ID, was skipped. Every ClientHello
// is read now; the second name is a message of its own and the pair is quic.mixed_names.
BOOST_AUTO_TEST_CASE(a_later_initial_with_another_name_is_read_too) {
    QuicFlow flow;
    const Bytes fake = ClientHelloBuilder::browser_like("www.google.com").handshake();
    const Bytes real = ClientHelloBuilder::browser_like("www.facebook.com").handshake();
    BOOST_TEST((flow.send(initial(1, 0, crypto(0, fake))) == InspectStatus::NeedMore));
    BOOST_TEST(flow.facts().host == "www.google.com");
    auto frames = crypto(0, real);
    frames.resize(1100, 0x00);
    const auto other = QuicInitialBuilder::seal(keys_for(1, kOtherDcid), 1, kOtherDcid, kScid, 0, 2, frames);
    BOOST_TEST((flow.send(other) == InspectStatus::NeedMore));
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.facts().messages == 2u);
    BOOST_TEST(flow.facts().has_technique(schoolgate::classifiers::Technique::QuicMixedNames));
    // The same hello again (a retransmission) is no new message; a short header ends the flow's reading.
    BOOST_TEST((flow.send(other) == InspectStatus::NeedMore));
    BOOST_TEST(flow.facts().messages == 2u);
    Bytes short_header(40, 0x00);
    short_header[0] = 0x41;
    BOOST_TEST((flow.send(short_header) == InspectStatus::Done));
    BOOST_TEST(flow.facts().anomalies.empty());
}

BOOST_AUTO_TEST_CASE(too_many_initials_without_a_whole_hello) {
    const Bytes hello = ClientHelloBuilder::browser_like("www.youtube.com").handshake();
    QuicFlow flow;
    // Pieces that never reach offset 0.
    for (std::size_t i = 0; i + 1 < limits::kMaxQuicInitialPackets; ++i) {
        BOOST_TEST_REQUIRE((flow.send(initial(1, i, crypto(10 + i, std::span{hello}.subspan(10 + i, 1)))) ==
                            InspectStatus::NeedMore));
    }
    BOOST_TEST((flow.send(initial(1, 99, crypto(50, std::span{hello}.subspan(50, 1)))) == InspectStatus::Done));
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"quic.too_many_initials"});
}

BOOST_AUTO_TEST_CASE(crypto_past_the_window_is_crypto_offset_too_far) {
    const Bytes piece(16, 0x41);
    for (const std::uint64_t offset : {std::uint64_t{limits::kMaxQuicCryptoBytes - 8}, std::uint64_t{60'000},
                                       (std::uint64_t{1} << 62) - 1}) {
        QuicFlow flow;
        BOOST_TEST((flow.send(initial(1, 0, crypto(offset, piece))) == InspectStatus::Done), "offset " << offset);
        BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"quic.crypto_offset_too_far"});
    }
}

BOOST_AUTO_TEST_CASE(crypto_in_more_pieces_than_the_cap_is_crypto_too_fragmented) {
    const Bytes hello = ClientHelloBuilder::browser_like("www.youtube.com").handshake();
    // One-byte frames at odd offsets, none joining offset 0: one more than may wait, over two Initials
    // (one Initial may carry only limits::kMaxQuicFramesPerPacket frames).
    Bytes first;
    Bytes second;
    for (std::size_t i = 0; i <= limits::kMaxQuicCryptoPieces; ++i) {
        QuicInitialBuilder::append(i < 40 ? first : second, crypto(2 * i + 1, std::span{hello}.subspan(2 * i + 1, 1)));
    }
    QuicFlow flow;
    BOOST_TEST((flow.send(initial(1, 0, first)) == InspectStatus::NeedMore));
    BOOST_TEST((flow.send(initial(1, 1, second)) == InspectStatus::Done));
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"quic.crypto_too_fragmented"});
}

// Chromium's ClientHello with its X25519MLKEM768 share (about 1.8 KB) in two Initials, its CRYPTO frames
// shuffled among PING frames, the second Initial first.
BOOST_AUTO_TEST_CASE(joins_a_post_quantum_client_hello_shuffled_over_two_initials) {
    const Bytes hello = ClientHelloBuilder::browser_like("www.youtube.com")
                            .key_share({{ClientHelloBuilder::kGroupX25519MlKem768,
                                         ClientHelloBuilder::kX25519MlKem768ShareBytes},
                                        {ClientHelloBuilder::kGroupX25519, 32}})
                            .pad_body_to(1790)
                            .handshake();
    BOOST_TEST_REQUIRE(hello.size() > 1750u);
    const Bytes ping{0x01};
    const std::size_t a = 300, b = 700, c = 1100;
    Bytes first = crypto(a, std::span{hello}.subspan(a, b - a));
    QuicInitialBuilder::append(first, ping);
    QuicInitialBuilder::append(first, crypto(0, std::span{hello}.first(a)));
    Bytes second = crypto(c, std::span{hello}.subspan(c));
    QuicInitialBuilder::append(second, ping);
    QuicInitialBuilder::append(second, crypto(b, std::span{hello}.subspan(b, c - b)));
    QuicFlow flow;
    BOOST_TEST((flow.send(initial(1, 1, second)) == InspectStatus::NeedMore));
    BOOST_TEST((flow.send(initial(1, 0, first)) == InspectStatus::NeedMore));
    BOOST_TEST(flow.facts().host == "www.youtube.com");
    BOOST_TEST(flow.facts().anomalies.empty());
}

BOOST_AUTO_TEST_CASE(a_client_hello_longer_than_the_limit_is_crypto_too_large) {
    const Bytes header{0x01, 0x01, 0x00, 0x00};  // ClientHello of 65536 bytes
    QuicFlow flow;
    BOOST_TEST((flow.send(initial(1, 0, crypto(0, header))) == InspectStatus::Done));
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"quic.crypto_too_large"});
}

BOOST_AUTO_TEST_CASE(a_crypto_stream_not_starting_with_a_client_hello_is_malformed) {
    const Bytes server_hello{0x02, 0x00, 0x00, 0x01, 0x00};
    QuicFlow flow;
    BOOST_TEST((flow.send(initial(1, 0, crypto(0, server_hello))) == InspectStatus::Done));
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"quic.initial_malformed"});
}

BOOST_AUTO_TEST_CASE(unreadable_packets_end_quietly) {
    const Bytes short_header{0x40, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
    const Bytes negotiation{0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0xaa, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x01};
    for (const auto& datagram : {short_header, negotiation}) {
        auto classifier = quic::QuicClassifier::create();
        AddressNameCache cache{4};
        ClassifierContext context{cache, kNow};
        Observations facts;
        BOOST_TEST((classifier->on_datagram(Direction::ClientToServer, datagram, facts, context) ==
                    InspectStatus::Done));
        BOOST_TEST(facts.host.empty());
        BOOST_TEST(facts.anomalies.empty());
    }
}

// A reserved-version Initial no one can read, then the real one on the same flow: sending junk first must
// not hide the name (the flow would otherwise be settled unnamed on its first datagram).
BOOST_AUTO_TEST_CASE(a_version_negotiation_probe_does_not_hide_the_real_initial) {
    for (const std::uint32_t reserved : {0x1a2a3a4au, 0x0a0a0a0au, 0xfafafafau}) {
        const Bytes hello = ClientHelloBuilder::browser_like("www.instagram.com").handshake();
        QuicFlow flow;
        BOOST_TEST((flow.send(reserved_version_initial(reserved, 1, kOtherDcid)) == InspectStatus::NeedMore));
        BOOST_TEST(flow.inspector.classifier_name() == "quic");
        BOOST_TEST(flow.facts().anomalies.empty());
        BOOST_TEST((flow.inspector.on_udp_datagram(Direction::ServerToClient, Bytes(40, 0), flow.context) ==
                    InspectStatus::NeedMore));  // the server's Version Negotiation
        BOOST_TEST((flow.send(initial(1, 0, crypto(0, hello))) == InspectStatus::NeedMore));
        BOOST_TEST(flow.facts().host == "www.instagram.com");
        BOOST_TEST(flow.facts().anomalies.empty());
    }
}

// Clients build their version-negotiation probe as an Initial of a version they speak (the interop
// runner's clients use draft-29's keys): when it opens, its ClientHello names the flow at once.
BOOST_AUTO_TEST_CASE(a_readable_version_negotiation_probe_names_the_flow) {
    for (const auto keys_version : {QuicInitialBuilder::kVersion1, QuicInitialBuilder::kDraft29}) {
        const Bytes hello = ClientHelloBuilder::browser_like("quic.example.org").handshake();
        QuicFlow flow;
        BOOST_TEST((flow.send(reserved_version_initial(0x0a0a0a0a, keys_version, kDcid, crypto(0, hello))) ==
                    InspectStatus::NeedMore));
        BOOST_TEST(flow.facts().host == "quic.example.org", "keys of version " << keys_version);
        BOOST_TEST(flow.facts().anomalies.empty());
    }
}

BOOST_AUTO_TEST_CASE(unreadable_reserved_versions_are_waited_on_only_so_long) {
    QuicFlow flow;
    for (std::size_t i = 0; i + 1 < limits::kMaxQuicInitialPackets; ++i) {
        BOOST_TEST_REQUIRE((flow.send(reserved_version_initial(0x2a2a2a2a, 1, kOtherDcid)) == InspectStatus::NeedMore));
    }
    BOOST_TEST((flow.send(reserved_version_initial(0x2a2a2a2a, 1, kOtherDcid)) == InspectStatus::Done));
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(flow.facts().anomalies.empty());
}

// Only a datagram padded like a client Initial is claimed: a short reserved-version packet, or an unknown
// version that is not reserved, is left to the other classifiers and nDPI.
BOOST_AUTO_TEST_CASE(only_padded_reserved_versions_are_claimed) {
    BOOST_TEST(select_classifier({Transport::Udp, 443, reserved_version_datagram(1200)})->name == "quic");
    BOOST_TEST(select_classifier({Transport::Udp, 4433, reserved_version_datagram(1350)})->name == "quic");
    BOOST_TEST(select_classifier({Transport::Udp, 443, reserved_version_datagram(1199)}) == nullptr);
    BOOST_TEST(select_classifier({Transport::Udp, 443, reserved_version_datagram(1200, 0x1a2a3a4b)}) == nullptr);
    BOOST_TEST(select_classifier({Transport::Udp, 443, reserved_version_datagram(1200, 0xff00001b)}) == nullptr);
}

BOOST_AUTO_TEST_CASE(server_datagrams_are_ignored) {
    auto classifier = quic::QuicClassifier::create();
    AddressNameCache cache{4};
    ClassifierContext context{cache, kNow};
    Observations facts;
    const auto datagram = rfc::from_hex(rfc::kProtectedClientInitial);
    BOOST_TEST((classifier->on_datagram(Direction::ServerToClient, datagram, facts, context) ==
                InspectStatus::NeedMore));
    BOOST_TEST(facts.host.empty());
}

BOOST_AUTO_TEST_CASE(the_registry_selects_quic_by_content_not_port) {
    const auto datagram = rfc::from_hex(rfc::kProtectedClientInitial);
    const auto* on_443 = select_classifier({Transport::Udp, 443, datagram});
    BOOST_REQUIRE(on_443 != nullptr);
    BOOST_TEST(on_443->name == "quic");
    const auto* odd_port = select_classifier({Transport::Udp, 8443, datagram});
    BOOST_REQUIRE(odd_port != nullptr);
    BOOST_TEST(odd_port->name == "quic");
    BOOST_TEST(select_classifier({Transport::Udp, 443, Bytes{0x12, 0x34, 0x56, 0x78, 0x9a}}) == nullptr);
    BOOST_TEST(select_classifier({Transport::Tcp, 443, datagram}) == nullptr);
    BOOST_TEST(select_classifier({Transport::Udp, 53, datagram})->name == "dns");
}

BOOST_AUTO_TEST_SUITE_END()
