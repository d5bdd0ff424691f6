#include "classifiers/flow_inspector.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/limits.h"
#include "support/classifier_test_text.h"
#include "support/client_hello_builder.h"
#include "support/dns_message_builder.h"

namespace {

namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::anomaly_name;
using schoolgate::classifiers::ClassifierContext;
using schoolgate::classifiers::Direction;
using schoolgate::classifiers::FlowInspector;
using schoolgate::classifiers::HandshakeShape;
using schoolgate::classifiers::host_source_name;
using schoolgate::classifiers::InspectStatus;
using schoolgate::classifiers::Observations;
using schoolgate::classifiers::Transport;
using schoolgate::classifiers::dns::AddressNameCache;
using schoolgate::net::IpAddress;
using schoolgate::test::ClientHelloBuilder;
using schoolgate::test::DnsMessageBuilder;
using schoolgate::test::Bytes;
using schoolgate::test::bytes;
using schoolgate::test::status_name;
using schoolgate::test::anomaly_names;

constexpr std::uint64_t kNow = 1'700'000'000'000'000;
constexpr Direction kClient = Direction::ClientToServer;
constexpr Direction kServer = Direction::ServerToClient;
constexpr std::uint32_t kClientIsn = 1000;
constexpr std::uint32_t kServerIsn = 900000;

struct Worker {
    AddressNameCache cache{16};
    ClassifierContext context{cache, kNow};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(FlowInspectorTest)

BOOST_AUTO_TEST_CASE(udp_port_53_is_dns_whatever_the_bytes) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 53};
    const Bytes query = DnsMessageBuilder{}.id(7).question("WWW.Example.COM").build();
    BOOST_TEST(status_name(inspector.on_udp_datagram(kClient, query, worker.context)) == "NeedMore");
    BOOST_TEST(inspector.classifier_name() == "dns");
    BOOST_TEST(inspector.observations().host == "www.example.com");
    BOOST_TEST(host_source_name(inspector.observations().host_source) == "dns");
}

BOOST_AUTO_TEST_CASE(udp_nobody_claims_is_done_after_the_probed_datagrams) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 4000};
    for (std::uint8_t i = 1; i < limits::kMaxUnrecognisedDatagrams; ++i) {
        BOOST_TEST_REQUIRE(status_name(inspector.on_udp_datagram(kClient, bytes("\x8f\x3c random"), worker.context)) ==
                           "NeedMore");
        BOOST_TEST(!inspector.last_packet_was_news());  // junk: it must not use up the flow's budget
    }
    BOOST_TEST(status_name(inspector.on_udp_datagram(kClient, bytes("\x8f\x3c random"), worker.context)) == "Done");
    BOOST_TEST(inspector.classifier_name().empty());
}

// zapret and GoodbyeDPI send a junk or fake datagram before the real QUIC Initial or WireGuard handshake;
// an unrecognised first datagram used to end inspection, so what came next was never read.
BOOST_AUTO_TEST_CASE(a_junk_datagram_first_does_not_end_udp_inspection) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 51820};
    BOOST_TEST(status_name(inspector.on_udp_datagram(kClient, bytes("\x01"), worker.context)) == "NeedMore");
    Bytes initiation(148, 0x5a);  // WireGuard handshake initiation: type 1, three reserved zero bytes, 144 more
    initiation[0] = 1;
    initiation[1] = initiation[2] = initiation[3] = 0;
    inspector.on_udp_datagram(kClient, initiation, worker.context);
    BOOST_TEST(inspector.classifier_name() == "wireguard");
    BOOST_TEST(inspector.observations().has_technique(schoolgate::classifiers::Technique::VpnWireGuard));
    BOOST_TEST(inspector.last_packet_was_news());
}

BOOST_AUTO_TEST_CASE(udp_server_speaking_first_waits_for_the_client) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 53};
    const Bytes query = DnsMessageBuilder{}.id(7).question("a.example").build();
    BOOST_TEST(status_name(inspector.on_udp_datagram(kServer, query, worker.context)) == "NeedMore");
    BOOST_TEST(inspector.classifier_name().empty());
    inspector.on_udp_datagram(kClient, query, worker.context);
    BOOST_TEST(inspector.classifier_name() == "dns");
}

BOOST_AUTO_TEST_CASE(tcp_port_53_reassembles_the_server_stream_for_dns) {
    Worker worker;
    FlowInspector inspector{Transport::Tcp, 53};
    inspector.on_tcp_syn(kClient, kClientIsn);
    inspector.on_tcp_syn(kServer, kServerIsn);
    const Bytes query = DnsMessageBuilder::tcp_frame(DnsMessageBuilder{}.id(9).question("www.example.com").build());
    BOOST_TEST(status_name(inspector.on_tcp_segment(kClient, kClientIsn + 1, query, worker.context)) == "NeedMore");
    BOOST_TEST(inspector.classifier_name() == "dns");
    BOOST_TEST(inspector.observations().host == "www.example.com");

    const Bytes response = DnsMessageBuilder::tcp_frame(DnsMessageBuilder{}
                                                            .id(9)
                                                            .response()
                                                            .question("www.example.com")
                                                            .answer_a("www.example.com", {192, 0, 2, 80}, 600)
                                                            .build());
    // Split so that the server side needs reassembly too.
    const auto halves = ClientHelloBuilder::cut_at(response, {10});
    BOOST_TEST(status_name(inspector.on_tcp_segment(kServer, kServerIsn + 11, halves[1], worker.context)) ==
               "NeedMore");
    // A conversation: the answer does not end it, the connection's next query may ask for anything.
    BOOST_TEST(status_name(inspector.on_tcp_segment(kServer, kServerIsn + 1, halves[0], worker.context)) == "NeedMore");
    BOOST_TEST(worker.cache.lookup(*IpAddress::parse("192.0.2.80"), kNow).value_or("<none>") == "www.example.com");
    const Bytes second = DnsMessageBuilder::tcp_frame(DnsMessageBuilder{}.id(10).question("facebook.com").build());
    const auto next_seq = static_cast<std::uint32_t>(kClientIsn + 1 + query.size());
    BOOST_TEST(status_name(inspector.on_tcp_segment(kClient, next_seq, second, worker.context)) == "NeedMore");
    BOOST_TEST(inspector.observations().host == "facebook.com");
    BOOST_TEST(inspector.observations().messages == 2u);
}

// Bytes a conversation's classifier has read are released from the reassembler: 40 requests with 1,000-byte
// bodies (48 KiB, three times the 16 KiB window) are read to the last, and no reassembly limit is hit.
BOOST_AUTO_TEST_CASE(a_keep_alive_connection_is_read_through_a_sliding_window) {
    Worker worker;
    FlowInspector http{Transport::Tcp, 80};
    http.on_tcp_syn(kClient, kClientIsn);
    std::uint32_t seq = kClientIsn + 1;
    for (int i = 0; i < 40; ++i) {
        const std::string host = i == 39 ? "www.facebook.com" : "www.example.org";
        const Bytes request = bytes("POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 1000\r\n\r\n");
        BOOST_TEST(status_name(http.on_tcp_segment(kClient, seq, request, worker.context)) == "NeedMore");
        seq += static_cast<std::uint32_t>(request.size());
        BOOST_TEST(status_name(http.on_tcp_segment(kClient, seq, Bytes(1000, 'b'), worker.context)) == "NeedMore");
        seq += 1000;
    }
    BOOST_TEST(http.observations().host == "www.facebook.com");
    BOOST_TEST(http.observations().messages == 40u);
    BOOST_TEST(http.observations().anomalies.empty());
}

BOOST_AUTO_TEST_CASE(tcp_server_bytes_before_a_classifier_are_ignored) {
    Worker worker;
    FlowInspector inspector{Transport::Tcp, 443};
    BOOST_TEST(status_name(inspector.on_tcp_segment(kServer, kServerIsn + 1, bytes("220 smtp ready\r\n"),
                                                    worker.context)) == "NeedMore");
    BOOST_TEST(inspector.classifier_name().empty());
}

BOOST_AUTO_TEST_CASE(tcp_probe_waits_for_enough_bytes_then_gives_up) {
    Worker worker;
    FlowInspector inspector{Transport::Tcp, 443};
    inspector.on_tcp_syn(kClient, kClientIsn);
    const std::string banner = "SSH-2.0-OpenSSH_9.2\r\n";
    // The longest probe (PPTP's, which needs its magic cookie) gives up after 10 bytes.
    for (std::size_t i = 0; i < 9; ++i) {
        BOOST_TEST_CONTEXT("byte " << i) {
            BOOST_TEST(status_name(inspector.on_tcp_segment(kClient, kClientIsn + 1 + static_cast<std::uint32_t>(i),
                                                            bytes(banner.substr(i, 1)), worker.context)) == "NeedMore");
        }
    }
    BOOST_TEST(status_name(inspector.on_tcp_segment(kClient, kClientIsn + 10, bytes(banner.substr(9, 1)),
                                                    worker.context)) == "Done");
    BOOST_TEST(inspector.classifier_name().empty());
    BOOST_TEST(inspector.observations().host.empty());
}

BOOST_AUTO_TEST_CASE(empty_segment_changes_nothing) {
    Worker worker;
    FlowInspector inspector{Transport::Tcp, 443};
    BOOST_TEST(status_name(inspector.on_tcp_segment(kClient, kClientIsn + 1, {}, worker.context)) == "NeedMore");
    BOOST_TEST(inspector.classifier_name().empty());
}

BOOST_AUTO_TEST_CASE(out_of_order_is_noted_before_any_classifier) {
    Worker worker;
    FlowInspector inspector{Transport::Tcp, 443};
    inspector.on_tcp_syn(kClient, kClientIsn);
    BOOST_TEST(status_name(inspector.on_tcp_segment(kClient, kClientIsn + 50, bytes("later"), worker.context)) ==
               "NeedMore");
    BOOST_TEST(inspector.observations().has_shape(HandshakeShape::OutOfOrder));
    BOOST_TEST(inspector.classifier_name().empty());
}

BOOST_AUTO_TEST_CASE(reassembly_limit_is_an_anomaly_and_settles_the_flow) {
    Worker worker;
    FlowInspector inspector{Transport::Tcp, 443};
    inspector.on_tcp_syn(kClient, kClientIsn);
    InspectStatus status = InspectStatus::NeedMore;
    for (std::uint32_t i = 0; i <= limits::kMaxPendingSegments; ++i) {
        status = inspector.on_tcp_segment(kClient, kClientIsn + 3 + 2 * i, bytes("x"), worker.context);
    }
    BOOST_TEST(status_name(status) == "Done");
    BOOST_TEST(anomaly_names(inspector.observations()) ==
                   std::vector<std::string>{"tcp.reassembly_too_many_segments"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tls_and_http_flows_are_named_by_their_classifier) {
    Worker worker;
    FlowInspector tls{Transport::Tcp, 443};
    tls.on_tcp_syn(kClient, kClientIsn);
    const Bytes hello = ClientHelloBuilder::browser_like("www.facebook.com").record_bytes();
    BOOST_TEST(status_name(tls.on_tcp_segment(kClient, kClientIsn + 1, hello, worker.context)) == "Done");
    BOOST_TEST(tls.classifier_name() == "tls");
    BOOST_TEST(tls.observations().host == "www.facebook.com");

    FlowInspector http{Transport::Tcp, 8080};
    http.on_tcp_syn(kClient, kClientIsn);
    BOOST_TEST(status_name(http.on_tcp_segment(kClient, kClientIsn + 1,
                                               bytes("GET / HTTP/1.1\r\nHost: www.facebook.com\r\n\r\n"),
                                               worker.context)) == "NeedMore");  // a keep-alive connection goes on
    BOOST_TEST(http.classifier_name() == "http");
    BOOST_TEST(host_source_name(http.observations().host_source) == "http");
}

BOOST_AUTO_TEST_SUITE_END()
