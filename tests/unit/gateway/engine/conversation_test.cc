// Conversations (issue 14, item 4): every message on a long-lived flow is decided, not only the first.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "classifiers/limits.h"
#include "classifiers/quic/initial_keys.h"
#include "gateway/engine/inspection_engine.h"
#include "support/client_hello_builder.h"
#include "support/dns_message_builder.h"
#include "support/engine_test_parts.h"
#include "support/frame_builder.h"
#include "support/quic_initial_builder.h"

namespace schoolgate::gateway::engine {
namespace {

using events::VerdictEvent;
using test::FrameBytes;
using test::TcpSegment;
using Address = std::array<std::uint8_t, 4>;

constexpr std::uint64_t kStartUs = 1'772'619'300ULL * 1'000'000;  // 2026-03-04T10:15:00Z, term time
constexpr Address kPupil{192, 0, 2, 15};
constexpr Address kResolver{192, 0, 2, 53};
constexpr Address kServer{198, 51, 100, 20};  // in no catalogue range: only names decide
constexpr std::uint8_t kPshAck = TcpSegment::kPsh | TcpSegment::kAck;

using testing::CapturingSink;

std::shared_ptr<const policy::PolicySnapshot> demo_snapshot() { return testing::example_snapshot("demo-policy.yaml"); }

FrameBytes dns_query(const std::string& name, std::uint16_t id) {
    return test::DnsMessageBuilder{}.id(id).flags(test::DnsMessageBuilder::kFlagRecursionDesired).question(name).build();
}

FrameBytes dns_answer(const std::string& name, std::uint16_t id) {
    return test::DnsMessageBuilder{}.id(id).response().question(name).answer_a(name, {203, 0, 113, 7}, 300).build();
}

// DNS over TCP: each message behind its 2-byte length (RFC 1035 §4.2.2).
FrameBytes framed(const FrameBytes& message) {
    FrameBytes out;
    out.push_back(static_cast<std::uint8_t>(message.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(message.size() & 0xff));
    out.insert(out.end(), message.begin(), message.end());
    return out;
}

FrameBytes text(std::string_view bytes) { return test::bytes_of(bytes); }

// A client Initial for `host` under connection ID `dcid`, padded to 1,200 bytes.
FrameBytes quic_initial(const std::string& host, const std::vector<std::uint8_t>& dcid) {
    using test::QuicInitialBuilder;
    const auto keys = classifiers::quic::derive_client_initial_keys(classifiers::quic::QuicVersion::V1, dcid);
    BOOST_REQUIRE(keys.has_value());
    auto frames = QuicInitialBuilder::crypto_frame(0, test::ClientHelloBuilder::browser_like(host).handshake());
    frames.resize(std::max<std::size_t>(frames.size(), 1100), 0x00);
    return QuicInitialBuilder::seal({keys->key, keys->iv, keys->hp}, QuicInitialBuilder::kVersion1, dcid,
                                    std::vector<std::uint8_t>{1, 2, 3, 4}, 0, 2, frames);
}

struct Fixture {
    CapturingSink sink;
    InspectionEngine engine{EngineConfig{}, demo_snapshot(), sink};
    std::uint64_t now_us = kStartUs;
    PacketVerdict last = PacketVerdict::Pass;

    PacketVerdict send(FrameBytes frame) {
        last = engine.on_frame({decode::LinkType::Ethernet, frame, WallTime{std::chrono::microseconds{now_us}}, {}});
        now_us += 1'000;
        return last;
    }
    PacketVerdict udp(Address src, std::uint16_t sport, Address dst, std::uint16_t dport, FrameBytes payload) {
        return send(test::ethernet_ipv4_frame(src, dst, test::kIpProtocolUdp, test::udp_datagram(sport, dport, std::move(payload))));
    }
    PacketVerdict tcp(Address src, std::uint16_t sport, Address dst, std::uint16_t dport, std::uint32_t seq,
                      std::uint8_t flags, FrameBytes payload = {}) {
        return send(test::ethernet_ipv4_frame(src, dst, test::kIpProtocolTcp,
                                              test::tcp_segment(sport, dport, seq, flags, std::move(payload))));
    }
    void handshake(std::uint16_t client_port, Address server, std::uint16_t server_port) {
        tcp(kPupil, client_port, server, server_port, 1000, TcpSegment::kSyn);
        tcp(server, server_port, kPupil, client_port, 5000, TcpSegment::kSyn | TcpSegment::kAck);
        tcp(kPupil, client_port, server, server_port, 1001, TcpSegment::kAck);
    }
    std::vector<std::string> hosts_with(std::string_view verdict) const {
        std::vector<std::string> hosts;
        for (const auto& event : sink.events) {
            if (event.verdict == verdict) hosts.push_back(event.host);
        }
        return hosts;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ConversationTest)

// Before: the socket's first query named and settled the flow, so facebook.com, asked second, was answered.
BOOST_AUTO_TEST_CASE(every_dns_query_on_one_udp_socket_is_decided_and_only_the_blocked_one_dropped) {
    Fixture f;
    BOOST_TEST((f.udp(kPupil, 40000, kResolver, 53, dns_query("www.example.org", 1)) == PacketVerdict::PassWatched));
    BOOST_TEST((f.udp(kResolver, 53, kPupil, 40000, dns_answer("www.example.org", 1)) == PacketVerdict::PassWatched));
    BOOST_TEST((f.udp(kPupil, 40000, kResolver, 53, dns_query("facebook.com", 2)) == PacketVerdict::Block));
    BOOST_TEST((f.udp(kPupil, 40000, kResolver, 53, dns_query("www.bbc.co.uk", 3)) == PacketVerdict::PassWatched));
    BOOST_TEST((f.udp(kResolver, 53, kPupil, 40000, dns_answer("www.bbc.co.uk", 3)) == PacketVerdict::PassWatched));
    BOOST_TEST(f.hosts_with("block") == std::vector<std::string>{"facebook.com"}, boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events.front().dst_port == 53);
    BOOST_TEST(f.engine.counters().conversation_messages == 3u);
    BOOST_TEST(f.engine.counters().flows_decided == 1u);  // one flow, three decisions
}

// A resolver asks A and AAAA for one name on one socket: the second query is not assessed again (the same
// facts), but it gets the same answer, so the blocked name stays blocked query by query.
BOOST_AUTO_TEST_CASE(a_repeated_name_gets_the_same_verdict_without_a_second_assessment) {
    Fixture f;
    BOOST_TEST((f.udp(kPupil, 40010, kResolver, 53, dns_query("facebook.com", 1)) == PacketVerdict::Block));
    BOOST_TEST((f.udp(kPupil, 40010, kResolver, 53, dns_query("facebook.com", 2)) == PacketVerdict::Block));
    BOOST_TEST((f.udp(kPupil, 40010, kResolver, 53, dns_query("www.example.org", 3)) == PacketVerdict::PassWatched));
    BOOST_TEST((f.udp(kPupil, 40010, kResolver, 53, dns_query("www.example.org", 4)) == PacketVerdict::PassWatched));
    BOOST_TEST(f.sink.events.size() == 1u);  // one assessment of facebook.com, one event
    BOOST_TEST(f.engine.counters().conversation_messages == 4u);
}

// Over TCP a blocked query cuts the connection: the query is in the stream, so it cannot be dropped alone.
BOOST_AUTO_TEST_CASE(a_second_dns_query_on_one_tcp_connection_is_decided_and_blocks_it) {
    Fixture f;
    f.handshake(40001, kResolver, 53);
    const auto first = framed(dns_query("www.example.org", 1));
    BOOST_TEST((f.tcp(kPupil, 40001, kResolver, 53, 1001, kPshAck, first) == PacketVerdict::PassWatched));
    const auto second = framed(dns_query("facebook.com", 2));
    const auto seq = static_cast<std::uint32_t>(1001 + first.size());
    BOOST_TEST((f.tcp(kPupil, 40001, kResolver, 53, seq, kPshAck, second) == PacketVerdict::Block));
    BOOST_TEST(f.hosts_with("block") == std::vector<std::string>{"facebook.com"}, boost::test_tools::per_element());
}

// A single-socket tunnel (iodine: one UDP socket, long random labels) is seen query by query, so the
// detector fires inline; before, the flow settled after its first answer and the detector saw one query.
BOOST_AUTO_TEST_CASE(a_single_socket_dns_tunnel_reaches_the_tunnel_detector) {
    Fixture f;
    const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::minstd_rand random{14};
    for (std::uint16_t id = 0; id < 60; ++id) {
        std::string label;
        for (std::size_t i = 0; i < 50; ++i) label += alphabet[random() % alphabet.size()];
        f.udp(kPupil, 40002, kResolver, 53, dns_query(label + ".t.tunnel-example.net", id));
        f.udp(kResolver, 53, kPupil, 40002, dns_answer(label + ".t.tunnel-example.net", id));
    }
    bool tunnel = false;
    for (const auto& event : f.sink.events) {
        for (const auto& technique : event.techniques) tunnel = tunnel || technique.name == "dns.tunnel";
    }
    BOOST_TEST(tunnel);
}

BOOST_AUTO_TEST_CASE(a_second_request_on_a_keep_alive_connection_is_decided_and_blocks_it) {
    Fixture f;
    f.handshake(40003, kServer, 80);
    const auto first = text("POST /form HTTP/1.1\r\nHost: www.example.org\r\nContent-Length: 5\r\n\r\nhello");
    BOOST_TEST((f.tcp(kPupil, 40003, kServer, 80, 1001, kPshAck, first) == PacketVerdict::PassWatched));
    f.tcp(kServer, 80, kPupil, 40003, 5001, kPshAck, text("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    const auto second = text("GET / HTTP/1.1\r\nHost: www.facebook.com\r\n\r\n");
    const auto seq = static_cast<std::uint32_t>(1001 + first.size());
    BOOST_TEST((f.tcp(kPupil, 40003, kServer, 80, seq, kPshAck, second) == PacketVerdict::Block));
    BOOST_TEST(f.hosts_with("block") == std::vector<std::string>{"www.facebook.com"}, boost::test_tools::per_element());
    BOOST_TEST((f.tcp(kPupil, 40003, kServer, 80, seq, TcpSegment::kAck) == PacketVerdict::Block));  // from then on
}

// Pipelined: three requests in one segment, the blocked one in the middle. Each is decided, in order.
BOOST_AUTO_TEST_CASE(pipelined_requests_are_each_decided) {
    Fixture f;
    f.handshake(40004, kServer, 80);
    const auto requests = text("GET /a HTTP/1.1\r\nHost: www.example.org\r\n\r\n"
                               "POST /b HTTP/1.1\r\nHost: www.instagram.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "3\r\nabc\r\n0\r\n\r\n"
                               "GET /c HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
    BOOST_TEST((f.tcp(kPupil, 40004, kServer, 80, 1001, kPshAck, requests) == PacketVerdict::Block));
    BOOST_TEST(f.hosts_with("block") == std::vector<std::string>{"www.instagram.com"}, boost::test_tools::per_element());
    BOOST_TEST(f.engine.counters().conversation_messages == 3u);
}

// Keep-alive requests spread over segments, a body in between, far past the 64-packet budget and the
// 16 KiB reassembly window: the last request is still read.
BOOST_AUTO_TEST_CASE(a_long_keep_alive_connection_is_read_to_its_last_request) {
    Fixture f;
    f.handshake(40005, kServer, 80);
    std::uint32_t seq = 1001;
    for (int i = 0; i < 100; ++i) {
        const auto request = text("POST /up HTTP/1.1\r\nHost: www.example.org\r\nContent-Length: 1000\r\n\r\n");
        f.tcp(kPupil, 40005, kServer, 80, seq, kPshAck, request);
        seq += static_cast<std::uint32_t>(request.size());
        f.tcp(kPupil, 40005, kServer, 80, seq, kPshAck, FrameBytes(1000, 'x'));
        seq += 1000;
        f.tcp(kServer, 80, kPupil, 40005, 5001, TcpSegment::kAck);
    }
    BOOST_TEST(f.sink.events.empty());
    BOOST_TEST((f.tcp(kPupil, 40005, kServer, 80, seq, kPshAck, text("GET / HTTP/1.1\r\nHost: x.com\r\n\r\n")) ==
                PacketVerdict::Block));
    BOOST_TEST(f.hosts_with("block") == std::vector<std::string>{"x.com"}, boost::test_tools::per_element());
}

// A body whose end cannot be known ends the reading, and says so in an event rather than going quiet.
BOOST_AUTO_TEST_CASE(an_unfollowable_body_ends_the_conversation_with_an_event) {
    Fixture f;
    f.handshake(40006, kServer, 80);
    const auto request = text("POST / HTTP/1.1\r\nHost: www.example.org\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    BOOST_TEST((f.tcp(kPupil, 40006, kServer, 80, 1001, kPshAck, request) == PacketVerdict::PassSettled));
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events.front().anomalies == std::vector<std::string_view>{"http.body_malformed"},
               boost::test_tools::per_element());
    BOOST_TEST(f.engine.counters().conversations_cut == 1u);
}

// zapret's fake QUIC Initial for www.google.com first, then the real one for facebook on the same flow.
BOOST_AUTO_TEST_CASE(a_later_quic_initial_naming_a_blocked_service_blocks_the_flow) {
    Fixture f;
    const std::vector<std::uint8_t> fake_dcid{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    const std::vector<std::uint8_t> real_dcid{0x8f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    BOOST_TEST((f.udp(kPupil, 40007, kServer, 443, quic_initial("www.google.com", fake_dcid)) ==
                PacketVerdict::PassWatched));
    BOOST_TEST((f.udp(kPupil, 40007, kServer, 443, quic_initial("www.facebook.com", real_dcid)) ==
                PacketVerdict::Block));
    BOOST_TEST(f.hosts_with("block") == std::vector<std::string>{"www.facebook.com"}, boost::test_tools::per_element());
    bool mixed = false;
    for (const auto& technique : f.sink.events.back().techniques) mixed = mixed || technique.name == "quic.mixed_names";
    BOOST_TEST(mixed);
}

// A QUIC flow stays watched only until its handshake is over: the client's first short-header packet.
BOOST_AUTO_TEST_CASE(a_quic_flow_settles_at_its_first_short_header_packet) {
    Fixture f;
    const std::vector<std::uint8_t> dcid{0x8f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    BOOST_TEST((f.udp(kPupil, 40008, kServer, 443, quic_initial("www.example.org", dcid)) == PacketVerdict::PassWatched));
    FrameBytes short_header(60, 0x00);
    short_header[0] = 0x40;
    BOOST_TEST((f.udp(kPupil, 40008, kServer, 443, short_header) == PacketVerdict::PassSettled));
}

BOOST_AUTO_TEST_CASE(a_conversation_past_its_message_cap_is_settled_with_an_event) {
    Fixture f;
    for (std::uint32_t id = 0; id < classifiers::limits::kMaxConversationMessages; ++id) {
        f.udp(kPupil, 40009, kResolver, 53, dns_query("www.example.org", static_cast<std::uint16_t>(id)));
    }
    BOOST_TEST((f.last == PacketVerdict::PassSettled));
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events.front().anomalies == std::vector<std::string_view>{"conversation.too_long"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::engine
