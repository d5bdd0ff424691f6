#include "classifiers/ndpi/ndpi_flow.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/ndpi/ndpi_mapping.h"
#include "classifiers/ndpi/ndpi_module.h"
#include "ndpi_test_support.h"
#include "support/client_hello_builder.h"
#include "support/frame_builder.h"

namespace {

using namespace schoolgate::classifiers::ndpi;
using schoolgate::classifiers::kNoService;
using schoolgate::test::ClientHelloBuilder;
using schoolgate::test::FrameBytes;
using schoolgate::test::Ipv4Packet;
using schoolgate::test::TcpSegment;
using schoolgate::test::UdpDatagram;
using schoolgate::test::own_capture;
using schoolgate::test::read_flow;
using schoolgate::test::shared_module;
using schoolgate::test::shipped_catalogue;

// One IPv4/TCP packet from a client to port 443 carrying `payload`.
FrameBytes tcp_packet(FrameBytes payload, std::uint16_t dst_port = 443) {
    TcpSegment segment;
    segment.dst_port = dst_port;
    segment.payload = std::move(payload);
    Ipv4Packet ip;
    ip.payload = segment.build();
    return ip.build();
}

FrameBytes client_hello_packet(std::string_view server_name) {
    return tcp_packet(ClientHelloBuilder::browser_like(server_name).record_bytes());
}

// What one of our own captures reads as: the capture, its single flow's reading, and the service.
struct OwnCase {
    const char* capture;
    const char* protocol;     ///< nDPI 4.2's "master.app"
    const char* server_name;  ///< normalised; "" for none
    const char* service;      ///< catalogue service via the `ndpi:` names; "" for none
};

std::ostream& operator<<(std::ostream& out, const OwnCase& c) { return out << c.capture; }

const OwnCase kOwnCases[] = {
    {"tls/facebook-www.pcap", "TLS.Facebook", "www.facebook.com", "facebook"},
    {"tls/instagram-www.pcap", "TLS.Instagram", "www.instagram.com", "instagram"},
    {"tls/twitter-com.pcap", "TLS.Twitter", "twitter.com", "x"},
    // nDPI 4.2 (2022) predates the rename: x.com is plain TLS to it. Our own SNI lists name it.
    {"tls/x-com.pcap", "TLS", "x.com", ""},
    // nDPI lower-cases the SNI but keeps the trailing dot, so its host list misses; the name we pass on
    // is normalised.
    {"tls/upper-case-trailing-dot-sni.pcap", "TLS", "www.facebook.com", ""},
    {"tls/tls-no-sni.pcap", "TLS", "", ""},
    {"ip/ipv6-tls-facebook.pcap", "TLS.Facebook", "facebook.com", "facebook"},
    {"link/sll-v2-facebook.pcap", "TLS.Facebook", "www.facebook.com", "facebook"},
    {"dns/dig-facebook-a.pcap", "DNS.Facebook", "www.facebook.com", "facebook"},
    {"dns/dig-instagram-aaaa.pcap", "DNS.Instagram", "www.instagram.com", "instagram"},
    {"http/host-header-facebook.pcap", "HTTP.Facebook", "www.facebook.com", "facebook"},
    {"circumvention/quic-v1-ngtcp2-instagram.pcap", "QUIC.Instagram", "www.instagram.com", "instagram"},
    // A ClientHello sent out of order: nDPI 4.2 does not reorder TCP and reads it as Cassandra.
    {"tls/client-hello-out-of-order.pcap", "Cassandra", "", ""},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(NdpiFlowTest)

BOOST_AUTO_TEST_CASE(a_facebook_tls_flow_reads_as_facebook_and_maps_to_the_facebook_service) {
    const auto capture = own_capture("tls/facebook-www.pcap");
    BOOST_REQUIRE_EQUAL(capture.flows.size(), 1u);
    const auto reading = read_flow(shared_module(), capture.flows[0]);
    BOOST_TEST(reading.done);
    BOOST_TEST(reading.known);
    BOOST_TEST(!reading.guessed);
    BOOST_TEST(reading.protocol == "TLS.Facebook");
    BOOST_TEST(reading.master == "TLS");
    BOOST_TEST(reading.app == "Facebook");
    BOOST_TEST(reading.master_id == 91);
    BOOST_TEST(reading.app_id == 119);
    BOOST_TEST(reading.category == "SocialNetwork");
    BOOST_TEST(ndpi_confidence_name(reading.confidence) == "dpi");
    BOOST_TEST(reading.ip_protocol == 6);
    BOOST_TEST(reading.server_name == "www.facebook.com");
    BOOST_TEST(reading.risks.empty());
    // Done after the server's certificate: nDPI asks for no more than it needs.
    BOOST_TEST(reading.packets < capture.flows[0].packets.size());

    const NdpiServiceMap services{shipped_catalogue()};
    BOOST_TEST(services.service_for(reading) == shipped_catalogue().find("facebook"));
    BOOST_TEST(schoolgate::classifiers::confidence_name(opinion_confidence(reading)) == "high");
    BOOST_TEST(!technique_for(reading, capture.flows[0].server_port).has_value());
}

BOOST_DATA_TEST_CASE(own_captures_read_as_measured, boost::unit_test::data::make(kOwnCases), c) {
    const auto capture = own_capture(c.capture);
    BOOST_REQUIRE_EQUAL(capture.flows.size(), 1u);
    const auto reading = read_flow(shared_module(), capture.flows[0]);
    BOOST_TEST(reading.done);
    BOOST_TEST(reading.protocol == c.protocol);
    BOOST_TEST(reading.server_name == c.server_name);
    BOOST_TEST(!reading.server_name_invalid);
    const NdpiServiceMap services{shipped_catalogue()};
    BOOST_TEST(shipped_catalogue().name(services.service_for(reading)) == c.service);
}

// The engine asks nDPI only from the first packet our classifiers declined, i.e. after the handshake's
// empty segments. On every flow of the shared and own captures that carries payload this changes nothing
// (measured); here on the Facebook flow.
BOOST_AUTO_TEST_CASE(starting_at_the_first_payload_packet_reads_the_same) {
    const auto capture = own_capture("tls/facebook-www.pcap");
    const auto from_start = read_flow(shared_module(), capture.flows[0]);
    const auto from_payload = read_flow(shared_module(), capture.flows[0], true);
    BOOST_TEST(from_payload.protocol == from_start.protocol);
    BOOST_TEST(from_payload.server_name == from_start.server_name);
    BOOST_TEST(from_payload.packets < from_start.packets);
}

BOOST_AUTO_TEST_CASE(once_done_the_flow_never_calls_ndpi_again) {
    const auto capture = own_capture("tls/facebook-www.pcap");
    NdpiFlow flow{shared_module()};
    NdpiReading reading;
    for (const auto& packet : capture.flows[0].packets) {
        reading = flow.feed(packet.ip, packet.time_ms, packet.from_client);
        if (reading.done) break;
    }
    BOOST_REQUIRE(reading.done);
    const auto packets = flow.packets();
    const auto& last = capture.flows[0].packets.back();
    const auto again = flow.feed(last.ip, last.time_ms, last.from_client);
    BOOST_TEST(flow.packets() == packets);
    BOOST_TEST(again.protocol == reading.protocol);
    BOOST_TEST(flow.giveup().protocol == reading.protocol);  // give-up does not change a finished reading
    BOOST_TEST(flow.client_packets() + flow.server_packets() == packets);
    BOOST_TEST(flow.server_packets() > 0u);
}

BOOST_AUTO_TEST_CASE(empty_packets_are_ignored_and_giving_up_on_nothing_is_unknown) {
    NdpiFlow flow{shared_module()};
    auto reading = flow.feed({}, 1000, true);
    BOOST_TEST(!reading.done);
    BOOST_TEST(flow.packets() == 0u);
    reading = flow.giveup();
    BOOST_TEST(reading.done);
    BOOST_TEST(!reading.known);
    BOOST_TEST(reading.protocol == "Unknown");
    BOOST_TEST(reading.server_name.empty());
    BOOST_TEST(!technique_for(reading, 443).has_value());
    BOOST_TEST(NdpiServiceMap{shipped_catalogue()}.service_for(reading) == kNoService);
}

// nDPI checks IP lengths itself; these must neither crash nor read outside the span (ASan build).
BOOST_AUTO_TEST_CASE(broken_datagrams_are_survived) {
    NdpiFlow flow{shared_module()};
    const FrameBytes not_ip{0x00, 0x01, 0x02, 0x03};
    flow.feed(not_ip, 1, true);
    auto hello = client_hello_packet("www.facebook.com");
    // Cut the datagram in half: the IP header now claims more than there is.
    const FrameBytes half(hello.begin(), hello.begin() + static_cast<std::ptrdiff_t>(hello.size() / 2));
    flow.feed(half, 2, true);
    // A header that claims a length shorter than its own header.
    Ipv4Packet short_total;
    short_total.total_length = 10;
    short_total.payload = TcpSegment{}.build();
    flow.feed(short_total.build(), 3, true);
    // Longer than nDPI's 16-bit length (a GSO super-packet): cut to 65 535 bytes, which nDPI skips.
    FrameBytes huge = hello;
    huge.resize(70000, 0);
    flow.feed(huge, 4, true);
    const auto reading = flow.giveup();
    BOOST_TEST(reading.done);
    BOOST_TEST(flow.packets() == 4u);
}

// nDPI 4.2 keeps the LAST 79 bytes of a longer name (ndpi_hostname_sni_set): the cut first label is
// dropped, so what we pass on is still a true suffix of what the client asked for. Here 101 bytes: nDPI
// cuts "aaa...a." and one "b"; the rest of the b-label goes too.
BOOST_AUTO_TEST_CASE(a_server_name_ndpi_cut_short_loses_its_partial_first_label) {
    const std::string name = "aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccc.dddddddddd.eeeeeeeeee.www.facebook.com";
    NdpiFlow flow{shared_module()};
    const auto reading = flow.feed(client_hello_packet(name), 1, true);
    BOOST_TEST(reading.app == "Facebook");
    BOOST_TEST(reading.server_name == "cccccccccccccccccccc.dddddddddd.eeeeeeeeee.www.facebook.com");
    BOOST_TEST(name.ends_with(reading.server_name));
}

BOOST_AUTO_TEST_CASE(a_server_name_that_fails_normalisation_is_flagged_not_passed_on) {
    NdpiFlow flow{shared_module()};
    const auto reading = flow.feed(client_hello_packet("www.face book.com"), 1, true);
    BOOST_TEST(reading.known);
    BOOST_TEST(reading.server_name.empty());
    BOOST_TEST(reading.server_name_invalid);
}

// An unknown UDP flow is given up after nDPI's 24-packet budget, with its best guess.
BOOST_AUTO_TEST_CASE(an_unknown_udp_flow_is_done_after_its_budget) {
    UdpDatagram udp;
    udp.dst_port = 40123;
    udp.payload.assign(200, 0x5a);
    Ipv4Packet ip;
    ip.protocol = schoolgate::test::kIpProtocolUdp;
    ip.payload = udp.build();
    const auto datagram = ip.build();
    NdpiFlow flow{shared_module()};
    NdpiReading reading;
    std::uint32_t fed = 0;
    while (!reading.done && fed < 100) {
        reading = flow.feed(datagram, 1000 + fed, true);
        ++fed;
    }
    BOOST_TEST(fed == NdpiFlow::kMaxUdpPackets);
    BOOST_TEST(reading.done);
    BOOST_TEST(reading.ip_protocol == 17);
}

// Bytes per flow while nDPI dissects, measured on the Facebook TLS flow, and nothing left after the flow
// is freed - also when it is freed in the middle of the handshake (a flow settled by the engine).
BOOST_AUTO_TEST_CASE(flow_memory_is_bounded_and_freed) {
    const auto capture = own_capture("tls/facebook-www.pcap");
    const auto& packets = capture.flows[0].packets;
    const auto before = NdpiModule::allocated_bytes();
    std::int64_t peak = 0;
    {
        NdpiFlow flow{shared_module()};
        for (const auto& packet : packets) {
            if (flow.feed(packet.ip, packet.time_ms, packet.from_client).done) break;
            peak = std::max(peak, NdpiModule::allocated_bytes() - before);
        }
    }
    BOOST_TEST(NdpiModule::allocated_bytes() == before);
    std::cout << "a TLS flow holds at most " << peak << " bytes of nDPI heap while it is dissected ("
              << NdpiModule::flow_state_bytes() << " B struct + dissector buffers)\n";
    BOOST_TEST(peak >= static_cast<std::int64_t>(NdpiModule::flow_state_bytes()));
    BOOST_TEST(peak < 16 * 1024);
    {
        NdpiFlow flow{shared_module()};
        for (std::size_t i = 0; i < 4 && i < packets.size(); ++i) flow.feed(packets[i].ip, packets[i].time_ms, packets[i].from_client);
        BOOST_TEST(!flow.done());
    }
    BOOST_TEST(NdpiModule::allocated_bytes() == before);
}

// The packet path's advance() stops where feed() does and leaves the same reading behind.
BOOST_AUTO_TEST_CASE(advance_agrees_with_feed) {
    const auto capture = own_capture("tls/facebook-www.pcap");
    NdpiFlow fed{shared_module()};
    NdpiFlow advanced{shared_module()};
    NdpiReading reading;
    std::size_t packets = 0;
    for (const auto& packet : capture.flows[0].packets) {
        reading = fed.feed(packet.ip, packet.time_ms, packet.from_client);
        const bool done = advanced.advance(packet.ip, packet.time_ms, packet.from_client);
        ++packets;
        BOOST_TEST(done == reading.done);
        if (done) break;
    }
    BOOST_TEST(reading.done);
    BOOST_TEST(advanced.packets() == packets);
    BOOST_TEST(advanced.reading().protocol == "TLS.Facebook");
    BOOST_TEST(advanced.reading().protocol == reading.protocol);
    BOOST_TEST(advanced.reading().server_name == reading.server_name);
    BOOST_TEST(advanced.giveup().protocol == "TLS.Facebook");  // already done: the reading stands
    BOOST_TEST(NdpiServiceMap{shipped_catalogue()}.service_for_protocol("TLS.Facebook") ==
               shipped_catalogue().find("facebook"));
}

BOOST_AUTO_TEST_SUITE_END()
