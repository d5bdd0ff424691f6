#include "classifiers/tls/tls_classifier.h"

#include <algorithm>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/limits.h"
#include "support/classifier_test_text.h"
#include "support/client_hello_builder.h"

namespace {

namespace bdata = boost::unit_test::data;
namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::Anomaly;
using schoolgate::classifiers::ClassifierContext;
using schoolgate::classifiers::Direction;
using schoolgate::classifiers::FlowInspector;
using schoolgate::classifiers::HandshakeShape;
using schoolgate::classifiers::HostSource;
using schoolgate::classifiers::InspectStatus;
using schoolgate::classifiers::Observations;
using schoolgate::classifiers::Transport;
using schoolgate::classifiers::anomaly_name;
using schoolgate::classifiers::handshake_shape_names;
using schoolgate::classifiers::host_source_name;
using schoolgate::classifiers::dns::AddressNameCache;
using schoolgate::classifiers::tls::TlsClassifier;
using schoolgate::test::ClientHelloBuilder;
using schoolgate::test::Bytes;
using schoolgate::test::status_name;
using schoolgate::test::anomaly_names;

constexpr std::uint64_t kNow = 1'700'000'000'000'000;
constexpr std::uint32_t kIsn = 0x7ffffff0;  // client's SYN sequence number
constexpr std::size_t kMss = 1448;

std::vector<std::string> shape_names(const Observations& observations) {
    std::vector<std::string> names;
    for (auto name : handshake_shape_names(observations.handshake_shape)) names.emplace_back(name);
    return names;
}

// One TCP connection to port 443 driven through the real FlowInspector (reassembly, registry, classifier),
// with the worker state it borrows.
struct TlsFlow {
    AddressNameCache cache{16};
    ClassifierContext context{cache, kNow};
    FlowInspector inspector{Transport::Tcp, 443};

    TlsFlow() { inspector.on_tcp_syn(Direction::ClientToServer, kIsn); }

    // Client bytes at `offset` from the stream start.
    InspectStatus send(std::size_t offset, std::span<const std::uint8_t> payload) {
        return inspector.on_tcp_segment(Direction::ClientToServer, kIsn + 1 + static_cast<std::uint32_t>(offset),
                                        payload, context);
    }

    // Segments in stream order; every one but the last must leave the classifier wanting more.
    InspectStatus send_in_order(const std::vector<Bytes>& segments) {
        std::size_t offset = 0;
        InspectStatus status = InspectStatus::NeedMore;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            status = send(offset, segments[i]);
            offset += segments[i].size();
            if (i + 1 < segments.size()) BOOST_REQUIRE_MESSAGE(status == InspectStatus::NeedMore, "segment " << i);
        }
        return status;
    }

    const Observations& facts() const { return inspector.observations(); }
};

std::vector<std::size_t> offsets_of(const std::vector<Bytes>& segments) {
    std::vector<std::size_t> offsets;
    std::size_t at = 0;
    for (const auto& segment : segments) {
        offsets.push_back(at);
        at += segment.size();
    }
    return offsets;
}

const ClientHelloBuilder kFacebook = ClientHelloBuilder::browser_like("www.facebook.com");

}  // namespace

BOOST_AUTO_TEST_SUITE(TlsClassifierTest)

BOOST_AUTO_TEST_CASE(hello_in_one_segment_names_the_flow) {
    TlsFlow flow;
    const Bytes stream = kFacebook.record_bytes();
    BOOST_TEST(status_name(flow.send(0, stream)) == "Done");
    BOOST_TEST(flow.inspector.classifier_name() == "tls");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(host_source_name(flow.facts().host_source) == "tls");
    BOOST_TEST(flow.facts().classifier == "tls");
    BOOST_REQUIRE(flow.facts().tls.has_value());
    const auto& tls = *flow.facts().tls;
    BOOST_TEST(tls.alpn == (std::vector<std::string>{"h2", "http/1.1"}), boost::test_tools::per_element());
    BOOST_TEST(tls.supported_versions == (std::vector<std::uint16_t>{0x0304, 0x0303}),
               boost::test_tools::per_element());
    BOOST_TEST(!tls.ech);
    BOOST_TEST(!tls.esni);
    BOOST_TEST(tls.client_hello_segments == 1);
    BOOST_TEST(tls.client_hello_records == 1);
    BOOST_TEST(shape_names(flow.facts()).empty());
    BOOST_TEST(anomaly_names(flow.facts()).empty());
}

BOOST_AUTO_TEST_CASE(ech_and_esni_are_reported) {
    TlsFlow flow;
    const Bytes stream = ClientHelloBuilder::browser_like("cover.example").ech().esni().record_bytes();
    BOOST_TEST(status_name(flow.send(0, stream)) == "Done");
    BOOST_REQUIRE(flow.facts().tls.has_value());
    BOOST_TEST(flow.facts().tls->ech);
    BOOST_TEST(flow.facts().tls->esni);
    BOOST_TEST(flow.facts().host == "cover.example");
}

BOOST_AUTO_TEST_CASE(hello_in_one_byte_segments_is_named_and_marked_fragmented) {
    TlsFlow flow;
    const Bytes stream = kFacebook.record_bytes();
    BOOST_TEST(status_name(flow.send_in_order(ClientHelloBuilder::cut_every(stream, 1))) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.inspector.classifier_name() == "tls");
    BOOST_REQUIRE(flow.facts().tls.has_value());
    BOOST_TEST(flow.facts().tls->client_hello_segments == stream.size());
    BOOST_TEST(flow.facts().tls->client_hello_records == 1);
    BOOST_TEST(shape_names(flow.facts()) == std::vector<std::string>{"tls.fragmented_client_hello"},
               boost::test_tools::per_element());
    BOOST_TEST(anomaly_names(flow.facts()).empty());
}

BOOST_AUTO_TEST_CASE(split_in_the_middle_of_the_sni) {
    TlsFlow flow;
    const Bytes stream = kFacebook.record_bytes();
    const std::size_t sni = ClientHelloBuilder::find(stream, "www.facebook.com");
    BOOST_REQUIRE(sni != std::string_view::npos);
    const auto segments = ClientHelloBuilder::cut_at(stream, {sni + 7});  // "www.fac" | "ebook.com"
    BOOST_TEST(status_name(flow.send_in_order(segments)) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.facts().tls->client_hello_segments == 2);
    // The first segment is far below any real MSS and is not the last: split on purpose.
    BOOST_TEST(flow.facts().has_shape(HandshakeShape::FragmentedClientHello));
    BOOST_TEST(!flow.facts().has_shape(HandshakeShape::RecordSplit));
}

BOOST_AUTO_TEST_CASE(hello_over_two_records_is_a_record_split) {
    TlsFlow flow;
    BOOST_TEST(status_name(flow.send(0, kFacebook.records(2))) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.facts().tls->client_hello_records == 2);
    BOOST_TEST(flow.facts().tls->client_hello_segments == 1);
    BOOST_TEST(shape_names(flow.facts()) == std::vector<std::string>{"tls.record_split"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(record_split_in_one_byte_segments_has_both_shapes) {
    TlsFlow flow;
    const Bytes stream = kFacebook.records(5);
    BOOST_TEST(status_name(flow.send_in_order(ClientHelloBuilder::cut_every(stream, 1))) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.facts().tls->client_hello_records == 5);
    BOOST_TEST(flow.facts().tls->client_hello_segments == stream.size());
    BOOST_TEST(shape_names(flow.facts()) ==
                   (std::vector<std::string>{"tls.fragmented_client_hello", "tls.record_split"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(out_of_order_segments_are_reassembled) {
    TlsFlow flow;
    const Bytes stream = kFacebook.record_bytes();
    const auto segments = ClientHelloBuilder::cut_at(stream, {100, 200});
    const auto offsets = offsets_of(segments);
    BOOST_TEST(status_name(flow.send(offsets[2], segments[2])) == "NeedMore");
    BOOST_TEST(status_name(flow.send(offsets[1], segments[1])) == "NeedMore");
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(status_name(flow.send(offsets[0], segments[0])) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.facts().has_shape(HandshakeShape::OutOfOrder));
}

namespace {

// The hello cut into three segments, the middle one holding the whole SNI, and a forged copy of that middle
// segment naming another site with the same number of bytes.
struct ConflictingCopies {
    Bytes stream = kFacebook.record_bytes();
    std::vector<Bytes> segments;
    std::vector<std::size_t> offsets;
    Bytes forged_middle;

    ConflictingCopies() {
        const std::size_t sni = ClientHelloBuilder::find(stream, "www.facebook.com");
        segments = ClientHelloBuilder::cut_at(stream, {sni - 2, sni + 20});
        offsets = offsets_of(segments);
        Bytes forged = ClientHelloBuilder::browser_like("www.bitbucket.io").record_bytes();
        forged_middle.assign(forged.begin() + static_cast<std::ptrdiff_t>(offsets[1]),
                             forged.begin() + static_cast<std::ptrdiff_t>(offsets[2]));
        BOOST_REQUIRE(forged_middle.size() == segments[1].size());
        BOOST_REQUIRE(forged_middle != segments[1]);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(conflicting_retransmission_of_in_order_bytes_loses_to_the_first_copy) {
    TlsFlow flow;
    ConflictingCopies c;
    BOOST_TEST(status_name(flow.send(c.offsets[0], c.segments[0])) == "NeedMore");
    BOOST_TEST(status_name(flow.send(c.offsets[1], c.segments[1])) == "NeedMore");
    BOOST_TEST(status_name(flow.send(c.offsets[1], c.forged_middle)) == "NeedMore");
    BOOST_TEST(status_name(flow.send(c.offsets[2], c.segments[2])) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(!flow.facts().has_shape(HandshakeShape::OutOfOrder));
}

BOOST_AUTO_TEST_CASE(conflicting_copies_both_out_of_order_first_copy_wins) {
    TlsFlow flow;
    ConflictingCopies c;
    BOOST_TEST(status_name(flow.send(c.offsets[1], c.segments[1])) == "NeedMore");
    BOOST_TEST(status_name(flow.send(c.offsets[1], c.forged_middle)) == "NeedMore");
    BOOST_TEST(status_name(flow.send(c.offsets[2], c.segments[2])) == "NeedMore");
    BOOST_TEST(status_name(flow.send(c.offsets[0], c.segments[0])) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.facts().has_shape(HandshakeShape::OutOfOrder));
}

// An in-order segment overlapping a piece held out of order is what a Linux server reads, so the stream
// takes it (www.bitbucket.io here); the held piece's name is read too, from the other copy, and the flow is
// decided on both: the copies that differ are technique tcp.overlap.
BOOST_AUTO_TEST_CASE(differing_copies_are_both_read_and_the_overlap_is_a_technique) {
    TlsFlow flow;
    ConflictingCopies c;
    BOOST_TEST(status_name(flow.send(c.offsets[1], c.segments[1])) == "NeedMore");
    // First segment plus the forged middle in one in-order segment.
    Bytes forged_head = c.segments[0];
    forged_head.insert(forged_head.end(), c.forged_middle.begin(), c.forged_middle.end());
    BOOST_TEST(status_name(flow.send(c.offsets[0], forged_head)) == "NeedMore");
    BOOST_TEST(status_name(flow.send(c.offsets[2], c.segments[2])) == "Done");
    BOOST_TEST(flow.facts().host == "www.bitbucket.io");
    BOOST_TEST(flow.facts().other_host == "www.facebook.com");
    BOOST_TEST(flow.facts().has_technique(schoolgate::classifiers::Technique::TcpOverlap));
    BOOST_TEST(flow.facts().has_shape(HandshakeShape::OutOfOrder));
}

BOOST_AUTO_TEST_CASE(sni_is_normalised) {
    TlsFlow flow;
    BOOST_TEST(status_name(flow.send(0, ClientHelloBuilder::browser_like("WWW.FaceBook.COM.").record_bytes())) ==
               "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(anomaly_names(flow.facts()).empty());
}

BOOST_AUTO_TEST_CASE(large_post_quantum_hello_in_two_mss_segments_is_not_fragmented) {
    TlsFlow flow;
    const Bytes stream =
        ClientHelloBuilder{}
            .grease_extension(0x4a4a)
            .sni("www.facebook.com")
            .alpn({"h2", "http/1.1"})
            .supported_versions({0x4a4a, ClientHelloBuilder::kTls13, ClientHelloBuilder::kTls12})
            .key_share({{0x4a4a, 1},
                        {ClientHelloBuilder::kGroupX25519MlKem768, ClientHelloBuilder::kX25519MlKem768ShareBytes},
                        {ClientHelloBuilder::kGroupX25519, 32}})
            .ech()
            .grease_extension(0x5a5a)
            .pad_body_to(1800)
            .record_bytes();
    BOOST_TEST(stream.size() == 1809u);
    const auto segments = ClientHelloBuilder::cut_every(stream, kMss);
    BOOST_REQUIRE(segments.size() == 2u);
    BOOST_TEST(segments[1].size() == 361u);
    BOOST_TEST(status_name(flow.send_in_order(segments)) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(flow.facts().tls->client_hello_segments == 2);
    BOOST_TEST(flow.facts().tls->client_hello_records == 1);
    BOOST_TEST(flow.facts().tls->ech);
    BOOST_TEST(shape_names(flow.facts()).empty());
}

BOOST_AUTO_TEST_CASE(large_hello_in_small_segments_is_fragmented) {
    TlsFlow flow;
    const Bytes stream = ClientHelloBuilder::browser_like("www.facebook.com").pad_body_to(1800).record_bytes();
    const auto small = ClientHelloBuilder::cut_every(stream, limits::kMinNaturalSegmentBytes - 1);
    BOOST_TEST(status_name(flow.send_in_order(small)) == "Done");
    BOOST_TEST(flow.facts().has_shape(HandshakeShape::FragmentedClientHello));
    TlsFlow natural;
    const auto at_minimum = ClientHelloBuilder::cut_every(stream, limits::kMinNaturalSegmentBytes);
    BOOST_TEST(status_name(natural.send_in_order(at_minimum)) == "Done");
    BOOST_TEST(!natural.facts().has_shape(HandshakeShape::FragmentedClientHello));
    BOOST_TEST(natural.facts().host == "www.facebook.com");
}

namespace {

const std::vector<std::string> kInvalidSnis{
    std::string{"face\x01" "book.com"}, std::string{"www.face book.com"}, std::string{"www..facebook.com"},
    std::string{"facebook.com\0evil", 17}, std::string{"\xff\xfe"}, std::string{""},
};

}  // namespace

BOOST_DATA_TEST_CASE(invalid_sni_names_nothing_and_is_an_anomaly, bdata::make(kInvalidSnis), sni) {
    TlsFlow flow;
    BOOST_TEST(status_name(flow.send(0, ClientHelloBuilder::browser_like(sni).record_bytes())) == "Done");
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(host_source_name(flow.facts().host_source) == "none");
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"tls.sni_invalid"},
               boost::test_tools::per_element());
    // The other facts still stand.
    BOOST_REQUIRE(flow.facts().tls.has_value());
    BOOST_TEST(flow.facts().tls->alpn.size() == 2u);
}

BOOST_AUTO_TEST_CASE(hello_without_sni_gives_facts_but_no_name) {
    TlsFlow flow;
    BOOST_TEST(status_name(flow.send(0, ClientHelloBuilder{}.alpn({"h2"}).record_bytes())) == "Done");
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(anomaly_names(flow.facts()).empty());
    BOOST_REQUIRE(flow.facts().tls.has_value());
    BOOST_TEST(flow.facts().tls->alpn == std::vector<std::string>{"h2"});
}

BOOST_AUTO_TEST_CASE(unprintable_alpn_is_dropped_from_the_facts) {
    TlsFlow flow;
    const Bytes stream = ClientHelloBuilder{}.sni("a.example").alpn({"h2", "a b", "x\x7f"}).record_bytes();
    BOOST_TEST(status_name(flow.send(0, stream)) == "Done");
    BOOST_TEST(flow.facts().tls->alpn == std::vector<std::string>{"h2"});
}

BOOST_AUTO_TEST_CASE(non_tls_bytes_after_a_handshake_first_byte_are_not_a_handshake) {
    const std::string request = "\x16GET / HTTP/1.1\r\nHost: www.facebook.com\r\n\r\n";
    const Bytes stream(request.begin(), request.end());

    // Byte by byte, the TLS probe claims the flow on its first byte; the classifier then says it was wrong.
    TlsFlow trickled;
    InspectStatus status = InspectStatus::NeedMore;
    std::size_t sent = 0;
    for (const auto& segment : ClientHelloBuilder::cut_every(stream, 1)) {
        status = trickled.send(sent, segment);
        sent += segment.size();
        if (status == InspectStatus::Done) break;
    }
    BOOST_TEST(status_name(status) == "Done");
    BOOST_TEST(trickled.inspector.classifier_name() == "tls");
    BOOST_TEST(trickled.facts().host.empty());
    BOOST_TEST(anomaly_names(trickled.facts()) == std::vector<std::string>{"tls.not_handshake"},
               boost::test_tools::per_element());

    // In one segment the probe sees three bytes and no classifier claims the flow.
    TlsFlow whole;
    BOOST_TEST(status_name(whole.send(0, stream)) == "Done");
    BOOST_TEST(whole.inspector.classifier_name().empty());
    BOOST_TEST(whole.facts().host.empty());
}

BOOST_AUTO_TEST_CASE(handshake_record_that_is_not_a_client_hello_is_not_a_handshake) {
    TlsFlow flow;
    const Bytes stream{0x16, 0x03, 0x01, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'};  // handshake type 'h'
    BOOST_TEST(status_name(flow.send(0, stream)) == "Done");
    BOOST_TEST(flow.inspector.classifier_name() == "tls");
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"tls.not_handshake"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(malformed_hello_is_reported_and_done) {
    TlsFlow flow;
    const Bytes stream = ClientHelloBuilder::browser_like("a.example").trailing_bytes({0}).record_bytes();
    BOOST_TEST(status_name(flow.send(0, stream)) == "Done");
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(!flow.facts().tls.has_value());
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"tls.client_hello_malformed"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hello_larger_than_the_reassembly_window_hits_the_limit) {
    TlsFlow flow;
    // Declared at exactly kMaxClientHelloBytes, which with its handshake and record headers no longer fits
    // the reassembly window.
    const Bytes stream =
        ClientHelloBuilder::browser_like("a.example").pad_body_to(limits::kMaxClientHelloBytes).records(2);
    BOOST_REQUIRE(stream.size() > limits::kMaxReassemblyBytes);
    const auto segments = ClientHelloBuilder::cut_every(stream, kMss);
    InspectStatus status = InspectStatus::NeedMore;
    std::size_t sent = 0;
    for (const auto& segment : segments) {
        status = flow.send(sent, segment);
        sent += segment.size();
        if (status == InspectStatus::Done) break;
    }
    BOOST_TEST(status_name(status) == "Done");
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"tcp.reassembly_too_large"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(server_bytes_are_never_read) {
    TlsFlow flow;
    const Bytes stream = kFacebook.record_bytes();
    BOOST_TEST(status_name(flow.send(0, std::span{stream}.first(50))) == "NeedMore");
    const Bytes server_hello{0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00};
    BOOST_TEST(status_name(flow.inspector.on_tcp_segment(Direction::ServerToClient, 90000, server_hello,
                                                         flow.context)) == "NeedMore");
    BOOST_TEST(anomaly_names(flow.facts()).empty());
}

BOOST_AUTO_TEST_CASE(classifier_alone_ignores_datagrams_and_server_direction) {
    AddressNameCache cache{16};
    ClassifierContext context{cache, kNow};
    TlsClassifier classifier;
    Observations observations;
    const Bytes stream = kFacebook.record_bytes();
    const std::vector<std::uint32_t> sizes{static_cast<std::uint32_t>(stream.size())};
    BOOST_TEST(status_name(classifier.on_datagram(Direction::ClientToServer, stream, observations, context)) == "Done");
    BOOST_TEST(status_name(classifier.on_stream(Direction::ServerToClient, stream, sizes, observations, context)) ==
               "NeedMore");
    BOOST_TEST(observations.host.empty());
    BOOST_TEST(status_name(classifier.on_stream(Direction::ClientToServer, stream, sizes, observations, context)) ==
               "Done");
    BOOST_TEST(observations.host == "www.facebook.com");
    BOOST_TEST((TlsClassifier::create() != nullptr));
}

BOOST_AUTO_TEST_SUITE_END()
