#include "gateway/engine/inspection_engine.h"

#include <algorithm>
#include <array>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "config/yaml/policy_loader.h"
#include "gateway/decode/packet_decoder.h"
#include "support/dns_message_builder.h"
#include "support/frame_builder.h"
#include "support/temp_directory.h"

namespace schoolgate::gateway::engine {
namespace {

namespace data = boost::unit_test::data;
using classifiers::Anomaly;
using classifiers::HostSource;
using events::VerdictEvent;
using test::FrameBytes;
using test::TcpSegment;
using Address = std::array<std::uint8_t, 4>;

constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kMillisecond = 1'000;

// 2026-03-04T10:15:00Z: a Wednesday in term time (the demo policy blocks social media at any time).
constexpr std::uint64_t kStartUs = 1'772'619'300ULL * kSecond;

constexpr Address kPupil{192, 0, 2, 15};
constexpr Address kResolver{192, 0, 2, 53};
constexpr Address kUnlistedServer{198, 51, 100, 20};  // in no catalogue range
constexpr Address kFacebookAddress{157, 240, 1, 35};  // AS32934, the catalogue's facebook ranges
constexpr Address kDnsNamedServer{203, 0, 113, 20};   // named only by the DNS answer below

/// Records every event the engine writes.
class CapturingSink final : public events::EventSink {
public:
    void record(const VerdictEvent& event) override { events.push_back(event); }
    void record(const events::AlertEvent& event) override { alerts.push_back(event); }
    std::vector<VerdictEvent> events;
    std::vector<events::AlertEvent> alerts;
};

std::shared_ptr<const policy::PolicySnapshot> demo_snapshot(std::uint64_t generation = 7,
                                                          const char* policy_file = SG_SOURCE_DIR
                                                          "/config/examples/demo-policy.yaml") {
    auto model = config::yaml::load_policy(policy_file, SG_SOURCE_DIR "/config/catalogue/services.yaml");
    BOOST_REQUIRE_MESSAGE(model.ok(), "the demo policy loads");
    auto compiled = config::compile_policy(std::move(model).value());
    BOOST_REQUIRE_MESSAGE(compiled.ok(), "the demo policy compiles");
    return policy::PolicySnapshot::make(compiled.value(), generation);
}

// A minimal TLS 1.3 ClientHello in one record, with an SNI extension when `server_name` is given.
FrameBytes client_hello(std::optional<std::string> server_name) {
    FrameBytes extensions;
    auto put_u16 = [](FrameBytes& out, std::size_t value) {
        out.push_back(static_cast<std::uint8_t>(value >> 8));
        out.push_back(static_cast<std::uint8_t>(value & 0xff));
    };
    if (server_name) {
        put_u16(extensions, 0x0000);                    // server_name
        put_u16(extensions, server_name->size() + 5);   // extension length
        put_u16(extensions, server_name->size() + 3);   // ServerNameList length
        extensions.push_back(0);                        // host_name
        put_u16(extensions, server_name->size());
        extensions.insert(extensions.end(), server_name->begin(), server_name->end());
    }
    extensions.insert(extensions.end(), {0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04});  // supported_versions: TLS 1.3
    extensions.insert(extensions.end(), {0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 'h', '2'});  // ALPN "h2"

    FrameBytes body{0x03, 0x03};              // legacy_version TLS 1.2
    body.insert(body.end(), 32, 0x5a);        // random
    body.insert(body.end(), {0x00});          // session id: empty
    body.insert(body.end(), {0x00, 0x02, 0x13, 0x01});  // cipher suites: TLS_AES_128_GCM_SHA256
    body.insert(body.end(), {0x01, 0x00});    // compression: null
    put_u16(body, extensions.size());
    body.insert(body.end(), extensions.begin(), extensions.end());

    FrameBytes handshake{0x01, 0x00};  // ClientHello, u24 length
    put_u16(handshake, body.size());
    handshake.insert(handshake.end(), body.begin(), body.end());

    FrameBytes record{0x16, 0x03, 0x01};  // handshake record, TLS 1.0 on the record layer
    put_u16(record, handshake.size());
    record.insert(record.end(), handshake.begin(), handshake.end());
    return record;
}

/// Drives an engine the way every packet source does: each frame goes in through on_frame() (the real
/// decoder, then inspection or counting). Packet time advances by one millisecond per frame unless set.
class Wire {
public:
    explicit Wire(InspectionEngine& engine) : engine_(engine) {}

    void at(std::uint64_t us) { now_us_ = us; }
    void advance(std::uint64_t us) { now_us_ += us; }
    std::uint64_t now() const { return now_us_; }

    decode::DecodeStatus send(const FrameBytes& frame) {
        decode::PacketView view;
        const auto outcome = decode::decode_packet(decode::LinkType::Ethernet, frame, view);
        engine_.on_frame({decode::LinkType::Ethernet, frame, WallTime{std::chrono::microseconds{now_us_}}, {}});
        now_us_ += kMillisecond;
        return outcome.status;
    }

    void tcp(Address src, std::uint16_t src_port, Address dst, std::uint16_t dst_port, std::uint32_t seq,
             std::uint8_t flags, FrameBytes payload = {}) {
        send(ipv4_frame(src, dst, test::kIpProtocolTcp,
                        test::tcp_segment(src_port, dst_port, seq, flags, std::move(payload))));
    }

    void udp(Address src, std::uint16_t src_port, Address dst, std::uint16_t dst_port, FrameBytes payload) {
        send(ipv4_frame(src, dst, test::kIpProtocolUdp, test::udp_datagram(src_port, dst_port, std::move(payload))));
    }

    static FrameBytes ipv4_frame(Address src, Address dst, std::uint8_t protocol, FrameBytes transport,
                                 std::uint8_t ttl = 64) {
        return test::ethernet_ipv4_frame(src, dst, protocol, std::move(transport), ttl);
    }
    /// A TCP segment sent with `ttl` (an evasion tool's decoy dies on the way with a low one).
    void tcp_with_ttl(std::uint8_t ttl, Address src, std::uint16_t src_port, Address dst, std::uint16_t dst_port,
                      std::uint32_t seq, std::uint8_t flags, FrameBytes payload = {}) {
        send(ipv4_frame(src, dst, test::kIpProtocolTcp,
                        test::tcp_segment(src_port, dst_port, seq, flags, std::move(payload)), ttl));
    }

private:
    InspectionEngine& engine_;
    std::uint64_t now_us_ = kStartUs;
};

constexpr std::uint8_t kSyn = TcpSegment::kSyn;
constexpr std::uint8_t kSynAck = TcpSegment::kSyn | TcpSegment::kAck;
constexpr std::uint8_t kAck = TcpSegment::kAck;
constexpr std::uint8_t kPshAck = TcpSegment::kPsh | TcpSegment::kAck;
constexpr std::uint8_t kFinAck = TcpSegment::kFin | TcpSegment::kAck;

/// Client SYN, server SYN-ACK, client ACK: the client's next sequence number is 1001.
void handshake(Wire& wire, Address client, std::uint16_t client_port, Address server, std::uint16_t server_port) {
    wire.tcp(client, client_port, server, server_port, 1000, kSyn);
    wire.tcp(server, server_port, client, client_port, 5000, kSynAck);
    wire.tcp(client, client_port, server, server_port, 1001, kAck);
}

std::string text(const net::IpAddress& address) { return address.to_string(); }

const VerdictEvent* event_to(const std::vector<VerdictEvent>& events, const std::string& dst_ip) {
    for (const auto& event : events) {
        if (text(event.dst_ip) == dst_ip) return &event;
    }
    return nullptr;
}

struct Fixture {
    explicit Fixture(EngineConfig config = {}) : engine(config, demo_snapshot(), sink), wire(engine) {}
    Fixture(EngineConfig config, std::shared_ptr<const policy::PolicySnapshot> snapshot)
        : engine(config, std::move(snapshot), sink), wire(engine) {}
    CapturingSink sink;
    InspectionEngine engine;
    Wire wire;
};

BOOST_AUTO_TEST_SUITE(InspectionEngineTest)

BOOST_AUTO_TEST_CASE(tls_client_hello_to_facebook_is_blocked_by_sni) {
    Fixture f;
    handshake(f.wire, kPupil, 50000, kUnlistedServer, 443);
    BOOST_TEST(f.sink.events.empty());
    f.wire.tcp(kPupil, 50000, kUnlistedServer, 443, 1001, kPshAck, client_hello("www.facebook.com"));
    f.wire.tcp(kUnlistedServer, 443, kPupil, 50000, 5001, kAck);  // the server's answer: settled path
    f.wire.tcp(kUnlistedServer, 443, kPupil, 50000, 5001, kPshAck, FrameBytes(100, 0x17));
    f.engine.finish();

    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const VerdictEvent& event = f.sink.events.front();
    BOOST_TEST(event.verdict == "block");
    BOOST_TEST(event.service == "facebook");
    BOOST_TEST(event.host == "www.facebook.com");
    BOOST_TEST((event.host_source == HostSource::Tls));
    BOOST_TEST(event.classifier == "tls");
    BOOST_TEST(event.rule == "no-social-media");
    BOOST_TEST(!event.reason.empty());
    BOOST_TEST(event.policy_generation == 7u);
    BOOST_TEST((event.transport == classifiers::Transport::Tcp));
    BOOST_TEST(text(event.src_ip) == "192.0.2.15");
    BOOST_TEST(event.src_port == 50000);
    BOOST_TEST(text(event.dst_ip) == "198.51.100.20");
    BOOST_TEST(event.dst_port == 443);
    BOOST_TEST(event.vlan_id == 0);
    BOOST_TEST(event.packets == 4u);
    BOOST_TEST(event.role == "unknown");
    BOOST_TEST((event.ts == WallTime{std::chrono::microseconds{kStartUs + 3 * kMillisecond}}));
    BOOST_TEST(event.school_time == "2026-03-04T10:15:00.003+00:00");
    BOOST_TEST_REQUIRE(event.tls.has_value());
    BOOST_TEST(event.tls->supported_versions == (std::vector<std::uint16_t>{0x0304}), boost::test_tools::per_element());
    BOOST_TEST(event.tls->client_hello_segments == 1u);
    BOOST_TEST(event.tls->alpn == (std::vector<std::string>{"h2"}), boost::test_tools::per_element());
    BOOST_TEST(event.anomalies.empty());

    const auto& counters = f.engine.counters();
    BOOST_TEST(counters.packets == 6u);
    BOOST_TEST(counters.flows_decided == 1u);
    BOOST_TEST(counters.events_written == 1u);
    BOOST_TEST(counters.packets_settled_path == 2u);
    BOOST_TEST(counters.inspection_budget_exhausted == 0u);
    BOOST_TEST(counters.names_by_source[static_cast<std::size_t>(HostSource::Tls)] == 1u);
    BOOST_TEST(counters.flows_by_service.at("facebook") == 1u);
    BOOST_TEST(counters.flows_by_verdict.at("block") == 1u);
    BOOST_TEST(f.engine.flow_table().size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_client_hello_split_into_small_segments_is_still_named) {
    Fixture f;
    handshake(f.wire, kPupil, 50001, kUnlistedServer, 443);
    const FrameBytes hello = client_hello("m.facebook.com");
    const FrameBytes first(hello.begin(), hello.begin() + 20);
    const FrameBytes second(hello.begin() + 20, hello.end());
    f.wire.tcp(kPupil, 50001, kUnlistedServer, 443, 1001, kPshAck, first);
    BOOST_TEST(f.sink.events.empty());
    f.wire.tcp(kPupil, 50001, kUnlistedServer, 443, 1001 + 20, kPshAck, second);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const VerdictEvent& event = f.sink.events.front();
    BOOST_TEST(event.host == "m.facebook.com");
    BOOST_TEST(event.verdict == "block");
    BOOST_TEST_REQUIRE(event.tls.has_value());
    BOOST_TEST(event.tls->client_hello_segments == 2u);
    BOOST_TEST((std::find(event.observations.begin(), event.observations.end(), "tls.fragmented_client_hello") !=
                event.observations.end()));
}

BOOST_AUTO_TEST_CASE(a_nameless_flow_to_a_facebook_address_is_named_by_ip_on_finish) {
    Fixture f;
    handshake(f.wire, kPupil, 50002, kFacebookAddress, 443);
    BOOST_TEST(f.sink.events.empty());
    BOOST_TEST(f.engine.flow_table().size() == 1u);
    f.engine.finish();
    BOOST_TEST(f.engine.flow_table().size() == 0u);

    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const VerdictEvent& event = f.sink.events.front();
    BOOST_TEST((event.host_source == HostSource::Ip));
    BOOST_TEST(event.service == "facebook");
    BOOST_TEST(event.host.empty());
    BOOST_TEST(event.verdict == "block");
    BOOST_TEST(text(event.dst_ip) == "157.240.1.35");
    BOOST_TEST(event.dst_port == 443);
    BOOST_TEST(text(event.src_ip) == "192.0.2.15");
    BOOST_TEST(event.packets == 3u);
    BOOST_TEST(f.engine.counters().names_by_source[static_cast<std::size_t>(HostSource::Ip)] == 1u);
}

BOOST_AUTO_TEST_CASE(a_dns_answer_names_a_later_tls_flow_without_sni) {
    Fixture f;
    const auto query = test::DnsMessageBuilder{}.id(0x4242).flags(test::DnsMessageBuilder::kFlagRecursionDesired)
                           .question("www.instagram.com").build();
    const auto answer = test::DnsMessageBuilder{}
                            .id(0x4242)
                            .response()
                            .compress()
                            .question("www.instagram.com")
                            .answer_a("www.instagram.com", kDnsNamedServer, 300)
                            .build();
    f.wire.udp(kPupil, 53000, kResolver, 53, query);
    f.wire.udp(kResolver, 53, kPupil, 53000, answer);
    BOOST_TEST(f.engine.dns_cache().lookup(*net::IpAddress::parse("203.0.113.20"), f.wire.now()).has_value());

    f.wire.advance(2 * kSecond);
    handshake(f.wire, kPupil, 50003, kDnsNamedServer, 443);
    f.wire.tcp(kPupil, 50003, kDnsNamedServer, 443, 1001, kPshAck, client_hello(std::nullopt));

    const VerdictEvent* event = event_to(f.sink.events, "203.0.113.20");
    BOOST_TEST_REQUIRE(event != nullptr);
    BOOST_TEST(event->host == "www.instagram.com");
    BOOST_TEST((event->host_source == HostSource::Dns));
    BOOST_TEST(event->service == "instagram");
    BOOST_TEST(event->verdict == "block");
    BOOST_TEST_REQUIRE(event->tls.has_value());  // the ClientHello was read, it just had no name

    // The lookup itself named www.instagram.com too, and is blocked in its own right.
    const VerdictEvent* lookup = event_to(f.sink.events, "192.0.2.53");
    BOOST_TEST_REQUIRE(lookup != nullptr);
    BOOST_TEST(lookup->classifier == "dns");
    BOOST_TEST(lookup->dst_port == 53);
    BOOST_TEST((lookup->transport == classifiers::Transport::Udp));
    BOOST_TEST(f.sink.events.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_malformed_client_hello_is_counted_and_reported_with_the_verdict) {
    Fixture f;
    FrameBytes hello = client_hello("www.facebook.com");
    hello[5 + 4 + 2 + 32 + 1 + 1] = 1;  // cipher suites length 1: suites are 2 bytes each
    handshake(f.wire, kPupil, 50014, kFacebookAddress, 443);
    f.wire.tcp(kPupil, 50014, kFacebookAddress, 443, 1001, kPshAck, hello);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const VerdictEvent& event = f.sink.events.front();
    BOOST_TEST((event.host_source == HostSource::Ip));  // the name in the broken hello is not trusted
    BOOST_TEST(event.service == "facebook");
    BOOST_TEST(event.anomalies == (std::vector<std::string_view>{"tls.client_hello_malformed"}),
               boost::test_tools::per_element());
    BOOST_TEST(f.engine.counters().anomalies.count(Anomaly::TlsClientHelloMalformed) == 1u);
}

BOOST_AUTO_TEST_CASE(a_tls_flow_without_sni_to_an_unknown_address_stays_unnamed) {
    Fixture f;
    handshake(f.wire, kPupil, 50004, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50004, kUnlistedServer, 443, 1001, kPshAck, client_hello(std::nullopt));
    f.engine.finish();
    BOOST_TEST(f.sink.events.empty());
    BOOST_TEST(f.engine.counters().flows_decided == 1u);
    BOOST_TEST(f.engine.counters().flows_by_service.at("(none)") == 1u);
    BOOST_TEST(f.engine.counters().names_by_source[static_cast<std::size_t>(HostSource::None)] == 1u);
}

BOOST_DATA_TEST_CASE(record_allowed_controls_allowed_events_but_never_the_counts, data::make({false, true}),
                     record_allowed) {
    EngineConfig config;
    config.record_allowed = record_allowed;
    Fixture f{config};
    handshake(f.wire, kPupil, 50005, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50005, kUnlistedServer, 443, 1001, kPshAck, client_hello("www.example.org"));
    handshake(f.wire, kPupil, 50006, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50006, kUnlistedServer, 443, 1001, kPshAck, client_hello("www.facebook.com"));
    f.engine.finish();

    const auto& counters = f.engine.counters();
    BOOST_TEST(counters.flows_decided == 2u);
    BOOST_TEST(counters.flows_by_verdict.at("allow") == 1u);
    BOOST_TEST(counters.flows_by_verdict.at("block") == 1u);
    BOOST_TEST(counters.names_by_source[static_cast<std::size_t>(HostSource::Tls)] == 2u);
    BOOST_TEST(counters.events_written == (record_allowed ? 2u : 1u));
    BOOST_TEST_REQUIRE(f.sink.events.size() == (record_allowed ? 2u : 1u));
    BOOST_TEST(f.sink.events.back().host == "www.facebook.com");
    if (record_allowed) {
        const VerdictEvent& allowed = f.sink.events.front();
        BOOST_TEST(allowed.host == "www.example.org");
        BOOST_TEST(allowed.verdict == "allow");
        BOOST_TEST(allowed.service.empty());
        BOOST_TEST(allowed.rule == "default");
    }
}

BOOST_AUTO_TEST_CASE(a_flow_past_its_inspection_budget_is_settled_and_takes_the_settled_path) {
    EngineConfig config;
    config.inspection_packet_budget = 4;
    Fixture f{config};
    const FrameBytes hello = client_hello("www.facebook.com");
    handshake(f.wire, kPupil, 50007, kUnlistedServer, 443);  // bare segments: not news, the budget is untouched
    // News that moves no classifier on: four pieces held out of order behind a gap that never fills.
    for (std::uint32_t piece = 0; piece < 4; ++piece) {
        f.wire.tcp(kPupil, 50007, kUnlistedServer, 443, 1101 + piece * 10, kPshAck, FrameBytes(10, 0x41));
    }
    BOOST_TEST(f.engine.counters().inspection_budget_exhausted == 1u);
    BOOST_TEST(f.engine.counters().flows_decided == 1u);
    BOOST_TEST(f.engine.counters().packets_settled_path == 0u);

    // The hello comes too late: the flow is settled and its later packets take the settled path.
    f.wire.tcp(kPupil, 50007, kUnlistedServer, 443, 1001, kPshAck, hello);
    f.wire.tcp(kUnlistedServer, 443, kPupil, 50007, 5001, kAck);
    f.engine.finish();

    const auto counters = f.engine.counters();
    BOOST_TEST(counters.packets_settled_path == 2u);
    BOOST_TEST(counters.inspection_budget_exhausted == 1u);
    BOOST_TEST(counters.inspection_packet_cap == 0u);
    BOOST_TEST(counters.flows_decided == 1u);
    BOOST_TEST(counters.flows_by_verdict.at("allow") == 1u);
    BOOST_TEST(f.sink.events.empty());
}

// Evasion tools send empty or duplicate ACKs first (17 to 60 of them) to use up a filter's packet budget.
// They are not news, so the ClientHello behind them is still read and the flow blocked.
BOOST_AUTO_TEST_CASE(empty_and_duplicate_segments_do_not_use_up_the_budget) {
    EngineConfig config;
    config.inspection_packet_budget = 4;
    Fixture f{config};
    const FrameBytes hello = client_hello("www.facebook.com");
    handshake(f.wire, kPupil, 50011, kFacebookAddress, 443);
    for (int i = 0; i < 60; ++i) f.wire.tcp(kPupil, 50011, kFacebookAddress, 443, 1001, kAck);
    // A first piece of the hello, then the same piece again and again (duplicates), then the rest.
    const FrameBytes head(hello.begin(), hello.begin() + 20);
    for (int i = 0; i < 10; ++i) f.wire.tcp(kPupil, 50011, kFacebookAddress, 443, 1001, kPshAck, head);
    f.wire.tcp(kPupil, 50011, kFacebookAddress, 443, 1021, kPshAck, FrameBytes(hello.begin() + 20, hello.end()));
    BOOST_TEST(f.engine.counters().inspection_budget_exhausted == 0u);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events[0].host == "www.facebook.com");
    BOOST_TEST(f.sink.events[0].verdict == "block");
}

// A pupil can send bare ACKs for ever: past the safety net the flow is settled whatever it is padded with,
// and counted, so the flow's state (and, inline, the queue) is never held open by padding alone. The net
// must not be a way round itself: the flow is recorded with the technique `padding`, never allowed silently.
BOOST_AUTO_TEST_CASE(padding_alone_meets_the_safety_net_and_is_recorded) {
    EngineConfig config;
    config.inspection_packet_cap = 10;
    Fixture f{config};
    handshake(f.wire, kPupil, 50012, kUnlistedServer, 443);  // SYN and ACK: two client packets with nothing new
    for (int i = 0; i < 7; ++i) f.wire.tcp(kPupil, 50012, kUnlistedServer, 443, 1001, kAck);
    // The server's own bare segments are not the client's padding.
    for (int i = 0; i < 5; ++i) f.wire.tcp(kUnlistedServer, 443, kPupil, 50012, 5001, kAck);
    BOOST_TEST(f.engine.counters().inspection_packet_cap == 0u);
    f.wire.tcp(kPupil, 50012, kUnlistedServer, 443, 1001, kAck);
    BOOST_TEST(f.engine.counters().inspection_packet_cap == 1u);
    BOOST_TEST(f.engine.counters().flows_decided == 1u);
    BOOST_REQUIRE_EQUAL(f.sink.events.size(), 1u);
    BOOST_TEST(f.sink.events[0].kind == "circumvention");
    BOOST_REQUIRE_EQUAL(f.sink.events[0].techniques.size(), 1u);
    BOOST_TEST(f.sink.events[0].techniques[0].name == "padding");
    f.wire.tcp(kPupil, 50012, kUnlistedServer, 443, 1001, kAck);
    BOOST_TEST(f.engine.counters().packets_settled_path == 1u);
}

// RFC 9293 §3.4: a SYN takes one sequence number, so data it carries (TCP Fast Open, or a ClientHello's first
// part put in the SYN) starts at ISN+1. It used to be read one byte off, and the name was never found.
BOOST_AUTO_TEST_CASE(data_in_the_syn_starts_after_the_isn) {
    Fixture f;
    const FrameBytes hello = client_hello("www.facebook.com");
    f.wire.tcp(kPupil, 50013, kFacebookAddress, 443, 1000, kSyn, FrameBytes(hello.begin(), hello.begin() + 30));
    f.wire.tcp(kFacebookAddress, 443, kPupil, 50013, 5000, kSynAck);
    f.wire.tcp(kPupil, 50013, kFacebookAddress, 443, 1031, kPshAck, FrameBytes(hello.begin() + 30, hello.end()));
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events[0].host == "www.facebook.com");
    BOOST_TEST(f.sink.events[0].verdict == "block");
}

// Other IP protocols are flows in the one flow table, per address pair and protocol: ESP is IPsec (a
// circumvention event on its first packet, its later packets on the settled path); ICMP is a flow decided
// like any other (allowed here, so no event in production).
BOOST_AUTO_TEST_CASE(other_ip_protocols_are_flows_in_the_flow_table) {
    Fixture f;
    const FrameBytes esp = Wire::ipv4_frame(kPupil, kUnlistedServer, test::kIpProtocolEsp, FrameBytes(64, 0x33));
    f.wire.send(esp);
    f.wire.send(esp);
    f.wire.send(Wire::ipv4_frame(kUnlistedServer, kPupil, test::kIpProtocolEsp, FrameBytes(64, 0x44)));
    f.wire.send(Wire::ipv4_frame(kPupil, kUnlistedServer, test::kIpProtocolIcmp, FrameBytes(16, 0x08)));
    f.engine.finish();
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const auto& tunnel = f.sink.events[0];
    BOOST_TEST(tunnel.kind == "circumvention");
    BOOST_TEST(tunnel.other_transport == "esp");
    BOOST_TEST(text(tunnel.src_ip) == "192.0.2.15");
    BOOST_REQUIRE(tunnel.techniques.size() == 1u);
    BOOST_TEST(tunnel.techniques[0].name == "vpn.ipsec");
    const auto counters = f.engine.counters();
    BOOST_TEST(counters.flows_decided == 2u);            // the ESP tunnel and the ICMP flow
    BOOST_TEST(counters.packets_settled_path == 2u);     // the tunnel's second packet and its answer
    BOOST_TEST(counters.packets_not_inspected == 4u);    // counted as before: not TCP or UDP
    BOOST_TEST(f.engine.flow_counters().created == 2u);
}

// GoodbyeDPI --set-ttl, zapret --dpi-desync=fake with a short TTL, ByeDPI --fake --ttl: a fake ClientHello
// for an allowed site at the real sequence number, sent to die before the server, then the real one. The
// first copy used to win. A client packet below the connection's TTL is a decoy: never read, evidence itself.
BOOST_AUTO_TEST_CASE(a_short_ttl_decoy_never_names_or_ends_the_flow) {
    Fixture f;
    const FrameBytes real = client_hello("www.facebook.com");
    handshake(f.wire, kPupil, 50014, kFacebookAddress, 443);  // the client's packets arrive with TTL 64
    f.wire.tcp_with_ttl(3, kPupil, 50014, kFacebookAddress, 443, 1001, kPshAck, client_hello("www.bbc.co.uk"));
    f.wire.tcp_with_ttl(3, kPupil, 50014, kFacebookAddress, 443, 1001, kFinAck);  // a decoy FIN
    f.wire.tcp_with_ttl(3, kPupil, 50014, kFacebookAddress, 443, 1001, TcpSegment::kRst);  // and a decoy RST
    f.wire.tcp(kPupil, 50014, kFacebookAddress, 443, 1001, kPshAck, real);
    BOOST_TEST(f.engine.counters().decoy_packets == 3u);
    BOOST_REQUIRE(!f.sink.events.empty());
    const auto& last = f.sink.events.back();
    BOOST_TEST(last.host == "www.facebook.com");
    BOOST_TEST(last.verdict == "block");
    bool decoy_recorded = false;
    for (const auto& technique : last.techniques) decoy_recorded = decoy_recorded || technique.name == "tcp.decoy";
    BOOST_TEST(decoy_recorded);
    for (const auto& event : f.sink.events) BOOST_TEST(event.host != "www.bbc.co.uk");
}

// A decoy sent before the SYN (a fake ClientHello for an allowed site, with a short TTL) used to be read as
// the flow's first bytes: it named and settled the flow, and set the TTL the rest was judged by. A client SYN
// with a new ISN starts the connection again, with the SYN's TTL as the bar.
BOOST_AUTO_TEST_CASE(a_decoy_before_the_syn_is_forgotten_when_the_connection_starts) {
    Fixture f;
    f.wire.tcp_with_ttl(3, kPupil, 50015, kFacebookAddress, 443, 1001, kPshAck, client_hello("www.bbc.co.uk"));
    handshake(f.wire, kPupil, 50015, kFacebookAddress, 443);
    f.wire.tcp(kPupil, 50015, kFacebookAddress, 443, 1001, kPshAck, client_hello("www.facebook.com"));
    BOOST_REQUIRE(!f.sink.events.empty());
    BOOST_TEST(f.sink.events.back().host == "www.facebook.com");
    BOOST_TEST(f.sink.events.back().verdict == "block");
    BOOST_TEST(f.engine.counters().connections_restarted == 1u);
    BOOST_TEST(f.engine.flow_counters().created == 2u);  // the decoy's flow, then the real connection
}

// Junk ahead of a gap, then the hello in order: a Linux server reads the in-order copy, and so does the
// engine now; the copy held out of order is read as well, and the flow is decided on both names.
BOOST_AUTO_TEST_CASE(a_flow_whose_copies_differ_is_decided_on_every_copy) {
    Fixture f;
    const FrameBytes facebook = client_hello("www.facebook.com");
    const FrameBytes other = client_hello("www.wikipedia.uk");  // the same length
    BOOST_REQUIRE(facebook.size() == other.size());
    handshake(f.wire, kPupil, 50017, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50017, kUnlistedServer, 443, 1011, kPshAck, FrameBytes(facebook.begin() + 10, facebook.end()));
    f.wire.tcp(kPupil, 50017, kUnlistedServer, 443, 1001, kPshAck, other);
    BOOST_REQUIRE(!f.sink.events.empty());
    const auto& last = f.sink.events.back();
    BOOST_TEST(last.host == "www.wikipedia.uk");
    BOOST_TEST(last.other_host == "www.facebook.com");
    BOOST_TEST(last.service == "facebook");
    BOOST_TEST(last.verdict == "block");
    bool overlap = false;
    for (const auto& technique : last.techniques) overlap = overlap || technique.name == "tcp.overlap";
    BOOST_TEST(overlap);
}

// A FIN past a gap does not end inspection: the server waits for the gap too, and the pupil fills it with
// the ClientHello.
BOOST_AUTO_TEST_CASE(a_fin_past_a_gap_does_not_end_inspection) {
    Fixture f;
    const FrameBytes hello = client_hello("www.facebook.com");
    handshake(f.wire, kPupil, 50016, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50016, kUnlistedServer, 443, 1001 + static_cast<std::uint32_t>(hello.size()), kFinAck);
    f.wire.tcp(kPupil, 50016, kUnlistedServer, 443, 1001, kPshAck, hello);
    BOOST_REQUIRE(!f.sink.events.empty());
    BOOST_TEST(f.sink.events.back().host == "www.facebook.com");
    BOOST_TEST(f.sink.events.back().verdict == "block");
}

/// The client's PSH segment carrying `payload`, as IPv4 fragments cut at `cuts` (byte offsets into the TCP
/// segment, multiples of 8), in that order.
std::vector<FrameBytes> ipv4_fragments(Address src, std::uint16_t src_port, Address dst, std::uint32_t seq,
                                       const FrameBytes& payload, const std::vector<std::size_t>& cuts) {
    const FrameBytes segment = test::tcp_segment(src_port, 443, seq, kPshAck, payload);
    std::vector<FrameBytes> frames;
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        const std::size_t end = i + 1 < cuts.size() ? cuts[i + 1] : segment.size();
        test::Ipv4Packet ip;
        ip.src = src;
        ip.dst = dst;
        ip.identification = 0x4242;
        ip.fragment_offset = static_cast<std::uint16_t>(cuts[i] / 8);
        ip.more_fragments = end < segment.size();
        ip.payload.assign(segment.begin() + static_cast<std::ptrdiff_t>(cuts[i]),
                          segment.begin() + static_cast<std::ptrdiff_t>(end));
        test::EthernetFrame frame;
        frame.payload = ip.build();
        frames.push_back(frame.build());
    }
    return frames;
}

// zapret ipfrag2: the ClientHello's segment cut into IP fragments after 24 bytes, sent last part first, so a
// filter that does not reassemble never sees the name. The engine used to count the fragments and pass them.
BOOST_AUTO_TEST_CASE(a_client_hello_in_ip_fragments_is_reassembled_and_blocked) {
    Fixture f;
    handshake(f.wire, kPupil, 50015, kUnlistedServer, 443);
    auto fragments = ipv4_fragments(kPupil, 50015, kUnlistedServer, 1001, client_hello("www.facebook.com"), {0, 24});
    BOOST_TEST((f.wire.send(fragments[1]) == decode::DecodeStatus::Fragment));
    BOOST_TEST(f.sink.events.empty());
    f.wire.send(fragments[0]);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events.front().host == "www.facebook.com");
    BOOST_TEST(f.sink.events.front().verdict == "block");
    BOOST_TEST(f.sink.events.front().packets == 4u);  // the handshake and the datagram
    const auto& counters = f.engine.counters();
    BOOST_TEST(counters.packets == 5u);  // every frame once
    BOOST_TEST(counters.packets_fragmented == 2u);
    BOOST_TEST(counters.datagrams_reassembled == 1u);
    BOOST_TEST(counters.anomalies.count(Anomaly::Ipv4Fragment) == 2u);
}

// Two copies of the fragment that holds the name: which one the server keeps is its system's choice, so
// neither is read, and the flow is recorded with the technique (decided by the circumvention rules).
BOOST_AUTO_TEST_CASE(fragments_that_overlap_with_other_bytes_are_a_technique_not_a_name) {
    Fixture f;
    handshake(f.wire, kPupil, 50016, kUnlistedServer, 443);
    const auto real = ipv4_fragments(kPupil, 50016, kUnlistedServer, 1001, client_hello("www.facebook.com"), {0, 24});
    const auto fake =  // a name of the same length
        ipv4_fragments(kPupil, 50016, kUnlistedServer, 1001, client_hello("www.wikipedia.uk"), {0, 24});
    f.wire.send(fake[1]);
    f.wire.send(real[1]);
    f.wire.send(real[0]);
    f.engine.finish();
    BOOST_TEST_REQUIRE(!f.sink.events.empty());
    bool overlap_recorded = false;
    for (const auto& event : f.sink.events) {
        BOOST_TEST(event.host.empty());  // neither copy named the flow
        for (const auto& technique : event.techniques) overlap_recorded |= technique.name == "ip.fragment_overlap";
    }
    BOOST_TEST(overlap_recorded);
    BOOST_TEST(f.engine.counters().anomalies.count(Anomaly::IpFragmentOverlap) == 1u);
}

BOOST_AUTO_TEST_CASE(fin_ends_inspection_of_a_nameless_flow) {
    Fixture f;
    handshake(f.wire, kPupil, 50008, kFacebookAddress, 443);
    f.wire.tcp(kPupil, 50008, kFacebookAddress, 443, 1001, kFinAck);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST((f.sink.events.front().host_source == HostSource::Ip));
    f.wire.tcp(kFacebookAddress, 443, kPupil, 50008, 5001, kFinAck);
    BOOST_TEST(f.engine.counters().packets_settled_path == 1u);
    f.engine.finish();
    BOOST_TEST(f.sink.events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(idle_flows_are_settled_on_packet_time) {
    Fixture f;
    f.wire.tcp(kPupil, 50009, kFacebookAddress, 443, 1000, kSyn);
    f.wire.advance(299 * kSecond);
    f.wire.udp(kPupil, 53001, kResolver, 53, test::DnsMessageBuilder{}.question("example.org").build());
    BOOST_TEST(f.sink.events.empty());
    f.wire.advance(2 * kSecond);  // the SYN is now more than 300 s old
    f.wire.udp(kPupil, 53002, kResolver, 53, test::DnsMessageBuilder{}.question("example.org").build());

    BOOST_TEST(f.engine.flow_table().counters().expired == 1u);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const VerdictEvent& event = f.sink.events.front();
    BOOST_TEST(event.service == "facebook");
    BOOST_TEST((event.ts == WallTime{std::chrono::microseconds{kStartUs}}));  // when it was last seen
}

BOOST_AUTO_TEST_CASE(a_flow_evicted_from_a_full_table_is_settled_and_recorded) {
    EngineConfig config;
    config.flows.capacity = 1;
    Fixture f{config};
    f.wire.tcp(kPupil, 50010, kFacebookAddress, 443, 1000, kSyn);
    BOOST_TEST(f.sink.events.empty());
    f.wire.tcp(kPupil, 50011, kUnlistedServer, 443, 1000, kSyn);
    BOOST_TEST(f.engine.flow_table().counters().evicted == 1u);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events.front().src_port == 50010);
    BOOST_TEST(f.sink.events.front().service == "facebook");
}

// A client over its share of inspecting flows gives up its own idlest one: it is decided on what it had
// (here the server's address names it), counted, and the flow's later bytes start inspection afresh.
BOOST_AUTO_TEST_CASE(a_flow_a_client_gives_up_over_its_share_is_settled_and_recorded) {
    EngineConfig config;
    config.flows.max_inspecting_per_client = 2;
    Fixture f{config};
    f.wire.tcp(kPupil, 50020, kFacebookAddress, 443, 1000, kSyn);
    f.wire.tcp(kPupil, 50021, kUnlistedServer, 443, 1000, kSyn);
    BOOST_TEST(f.sink.events.empty());
    f.wire.tcp(kPupil, 50022, kUnlistedServer, 443, 1000, kSyn);
    BOOST_TEST(f.engine.flow_table().counters().client_share_evicted == 1u);
    BOOST_TEST(f.engine.flow_table().counters().evicted == 0u);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(f.sink.events.front().src_port == 50020);
    BOOST_TEST(f.sink.events.front().service == "facebook");
    BOOST_TEST(f.engine.flow_table().inspecting_flows_of(*net::IpAddress::parse("192.0.2.15")) == 2u);  // kPupil
}

BOOST_AUTO_TEST_CASE(a_new_snapshot_stamps_later_events_with_its_generation) {
    Fixture f;
    handshake(f.wire, kPupil, 50012, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50012, kUnlistedServer, 443, 1001, kPshAck, client_hello("www.facebook.com"));
    f.engine.set_snapshot(demo_snapshot(8));
    handshake(f.wire, kPupil, 50013, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50013, kUnlistedServer, 443, 1001, kPshAck, client_hello("www.facebook.com"));
    BOOST_TEST_REQUIRE(f.sink.events.size() == 2u);
    BOOST_TEST(f.sink.events[0].policy_generation == 7u);
    BOOST_TEST(f.sink.events[1].policy_generation == 8u);
}

// The shipped catalogue with one service of its own listed first, so every shipped service has another id.
std::shared_ptr<const policy::PolicySnapshot> renumbered_snapshot(const std::string& directory) {
    std::ifstream shipped(SG_SOURCE_DIR "/config/catalogue/services.yaml");
    std::string text{std::istreambuf_iterator<char>(shipped), std::istreambuf_iterator<char>()};
    const std::string services = "\nservices:\n";
    BOOST_REQUIRE(text.find(services) != std::string::npos);
    text.insert(text.find(services) + services.size(),
                "  first-example:\n    display_name: First\n    owner: Example\n    domains: [example.org]\n"
                "    sources:\n      own-site: [example.org]\n");
    const std::string catalogue = directory + "/services.yaml";
    std::ofstream(catalogue) << text;
    auto model = config::yaml::load_policy(SG_SOURCE_DIR "/config/examples/demo-policy.yaml", catalogue);
    BOOST_REQUIRE_MESSAGE(model.ok(), "the demo policy loads with the renumbered catalogue");
    auto compiled = config::compile_policy(std::move(model).value());
    BOOST_REQUIRE(compiled.ok());
    BOOST_REQUIRE(compiled.value()->catalogue().find("facebook") != demo_snapshot()->policy->catalogue().find("facebook"));
    return policy::PolicySnapshot::make(compiled.value(), 8);
}

// Decided flows are counted by service id; a new policy's catalogue may number its services otherwise, so
// the flows counted before it keep the names they were decided under.
BOOST_AUTO_TEST_CASE(flows_counted_before_a_new_catalogue_keep_their_service_names) {
    test::TempDirectory directory;
    Fixture f;
    handshake(f.wire, kPupil, 50014, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50014, kUnlistedServer, 443, 1001, kPshAck, client_hello("www.facebook.com"));
    f.engine.set_snapshot(renumbered_snapshot(directory.path()));
    handshake(f.wire, kPupil, 50015, kUnlistedServer, 443);
    f.wire.tcp(kPupil, 50015, kUnlistedServer, 443, 1001, kPshAck, client_hello("www.facebook.com"));
    const auto counters = f.engine.counters();
    BOOST_TEST(counters.flows_by_service == (std::map<std::string, std::uint64_t>{{"facebook", 2}}));
    BOOST_TEST(counters.flows_by_verdict == (std::map<std::string, std::uint64_t>{{"block", 2}}));
}

BOOST_AUTO_TEST_CASE(on_undecoded_counts_each_outcome_under_its_anomaly) {
    Fixture f;
    test::Ipv4Packet fragment;
    fragment.more_fragments = true;
    fragment.payload = FrameBytes(24, 0);
    test::EthernetFrame ipv4_fragment;
    ipv4_fragment.payload = fragment.build();

    test::Ipv6Packet ipv6;
    ipv6.extensions = {test::Ipv6Extension::fragment(0, true)};
    ipv6.payload = FrameBytes(16, 0);
    test::EthernetFrame ipv6_fragment;
    ipv6_fragment.ethertype = test::kEtherTypeIpv6;
    ipv6_fragment.payload = ipv6.build();

    const FrameBytes short_tcp = Wire::ipv4_frame(kPupil, kUnlistedServer, test::kIpProtocolTcp, FrameBytes(12, 0));
    test::EthernetFrame arp;
    arp.ethertype = test::kEtherTypeArp;
    arp.payload = FrameBytes(28, 0);

    std::uint64_t bytes = 0;
    for (const FrameBytes& frame : {ipv4_fragment.build(), ipv6_fragment.build(), short_tcp, short_tcp, arp.build(),
                                    FrameBytes(6, 0)}) {
        bytes += frame.size();
        BOOST_TEST((f.wire.send(frame) != decode::DecodeStatus::Ok));
    }

    const auto& counters = f.engine.counters();
    BOOST_TEST(counters.packets == 6u);
    BOOST_TEST(counters.bytes == bytes);
    BOOST_TEST(counters.packets_fragmented == 2u);
    BOOST_TEST(counters.packets_malformed == 3u);
    BOOST_TEST(counters.packets_not_inspected == 1u);
    BOOST_TEST(counters.anomalies.count(Anomaly::Ipv4Fragment) == 1u);
    BOOST_TEST(counters.anomalies.count(Anomaly::Ipv6Fragment) == 1u);
    BOOST_TEST(counters.anomalies.count(Anomaly::TcpTruncated) == 2u);
    BOOST_TEST(counters.anomalies.count(Anomaly::LinkTruncated) == 1u);
    BOOST_TEST(counters.anomalies.total() == 5u);
    BOOST_TEST(f.engine.flow_table().size() == 0u);
    BOOST_TEST(f.sink.events.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace

// --- circumvention -----------------------------------------------------------------------------------
// The Hillside policy: pupils 10.20.0.0/16 (VPNs, proxies, encrypted DNS blocked; QUIC blocked),
// staff 10.30.0.0/16 (logged), the school's resolver 203.0.113.53.
namespace {

constexpr Address kHillsidePupil{10, 20, 0, 50};
constexpr Address kHillsideStaff{10, 30, 0, 60};
constexpr Address kVpnServer{198, 51, 100, 7};
constexpr Address kSchoolResolver{203, 0, 113, 53};
constexpr Address kOutsideResolver{198, 51, 100, 53};

std::shared_ptr<const policy::PolicySnapshot> hillside_snapshot() {
    return demo_snapshot(3, SG_SOURCE_DIR "/config/examples/hillside.yaml");
}

FrameBytes openvpn_reset(std::uint8_t opcode) {
    FrameBytes packet(14, 0);
    packet[0] = static_cast<std::uint8_t>(opcode << 3);
    for (std::size_t i = 1; i <= 8; ++i) packet[i] = static_cast<std::uint8_t>(0x40 + i);
    return packet;
}

FrameBytes dns_query(const std::string& name, std::uint16_t id) {
    FrameBytes query{static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
    std::size_t start = 0;
    while (start < name.size()) {
        const auto dot = name.find('.', start);
        const auto label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        query.push_back(static_cast<std::uint8_t>(label.size()));
        for (const char c : label) query.push_back(static_cast<std::uint8_t>(c));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    query.insert(query.end(), {0, 0, 1, 0, 1});
    return query;
}

std::vector<std::string> technique_names(const VerdictEvent& event) {
    std::vector<std::string> names;
    for (const auto& technique : event.techniques) names.emplace_back(technique.name);
    return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(InspectionEngineCircumventionTest)

BOOST_AUTO_TEST_CASE(a_pupils_openvpn_is_blocked_on_its_first_packet_and_staffs_is_logged) {
    Fixture f{{}, hillside_snapshot()};
    f.wire.udp(kHillsidePupil, 40000, kVpnServer, 1194, openvpn_reset(7));
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const auto& pupil = f.sink.events.back();
    BOOST_TEST(pupil.kind == "circumvention");
    BOOST_TEST(pupil.verdict == "block");
    BOOST_TEST(pupil.rule == "pupils-no-circumvention");
    BOOST_TEST(technique_names(pupil) == std::vector<std::string>{"vpn.openvpn"}, boost::test_tools::per_element());
    BOOST_TEST(pupil.techniques.front().action == "block");
    BOOST_TEST(pupil.techniques.front().confidence == "medium");

    f.wire.udp(kHillsideStaff, 40001, kVpnServer, 1194, openvpn_reset(7));
    BOOST_TEST_REQUIRE(f.sink.events.size() == 2u);
    const auto& staff = f.sink.events.back();
    BOOST_TEST(staff.kind == "circumvention");
    BOOST_TEST(staff.verdict == "allow");
    BOOST_TEST(staff.techniques.front().action == "log");
    BOOST_TEST(staff.rule == "staff-circumvention-logged");  // the rule that logs it, not "no rule matched"
}

// Hillside with staff circumvention raised as an alert instead of logged, in a directory of its own.
std::shared_ptr<const policy::PolicySnapshot> hillside_alerting_on_staff() {
    const auto dir = std::filesystem::temp_directory_path() / ("sg-alert-rule-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(SG_SOURCE_DIR "/config/examples/hillside-exemptions.yaml", dir / "hillside-exemptions.yaml",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(SG_SOURCE_DIR "/config/examples/hillside-timetable.yaml", dir / "hillside-timetable.yaml",
                               std::filesystem::copy_options::overwrite_existing);
    std::ifstream in{SG_SOURCE_DIR "/config/examples/hillside.yaml"};
    std::string text{std::istreambuf_iterator<char>{in}, {}};
    const std::string logged = "      action: log\n      reason: Staff use";
    BOOST_REQUIRE(text.find(logged) != std::string::npos);
    text.replace(text.find(logged), logged.size(), "      action: alert\n      reason: Staff use");
    std::ofstream{dir / "hillside.yaml"} << text;
    return demo_snapshot(3, (dir / "hillside.yaml").c_str());
}

BOOST_AUTO_TEST_CASE(an_alert_names_the_rule_that_asked_for_it_and_its_reason) {
    Fixture f{{}, hillside_alerting_on_staff()};
    f.wire.udp(kHillsideStaff, 40001, kVpnServer, 1194, openvpn_reset(7));
    BOOST_TEST_REQUIRE(f.sink.alerts.size() == 1u);
    const auto& alert = f.sink.alerts.front();
    BOOST_TEST(alert.alert == "circumvention");
    BOOST_TEST(alert.rule == "staff-circumvention-logged");
    BOOST_TEST(alert.reason.find("Circumvention rule 'staff-circumvention-logged' asks for an alert: Staff use of VPNs") == 0u);
    BOOST_TEST(alert.reason.find("No rule") == std::string::npos);
    BOOST_TEST(f.sink.events.back().rule == "staff-circumvention-logged");
}

BOOST_AUTO_TEST_CASE(dns_to_an_outside_resolver_is_named_and_the_schools_is_not) {
    Fixture f{{}, hillside_snapshot()};
    f.wire.udp(kHillsidePupil, 40002, kSchoolResolver, 53, dns_query("www.bbc.co.uk", 1));
    BOOST_TEST(f.sink.events.empty());  // allowed, no technique: not recorded in production
    f.wire.udp(kHillsidePupil, 40003, kOutsideResolver, 53, dns_query("www.bbc.co.uk", 2));
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    BOOST_TEST(technique_names(f.sink.events.back()) == std::vector<std::string>{"dns.external_resolver"},
               boost::test_tools::per_element());
    BOOST_TEST(f.sink.events.back().verdict == "block");
}

BOOST_AUTO_TEST_CASE(esp_between_two_addresses_is_recorded_once) {
    Fixture f{{}, hillside_snapshot()};
    for (int i = 0; i < 5; ++i) {
        f.wire.send(Wire::ipv4_frame(kHillsideStaff, kVpnServer, 50, FrameBytes(64, 0x33)));
        f.wire.send(Wire::ipv4_frame(kVpnServer, kHillsideStaff, 50, FrameBytes(64, 0x44)));
    }
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const auto& event = f.sink.events.front();
    BOOST_TEST(event.other_transport == "esp");
    BOOST_TEST(technique_names(event) == std::vector<std::string>{"vpn.ipsec"}, boost::test_tools::per_element());
    BOOST_TEST(f.engine.counters().packets == 10u);
}

BOOST_AUTO_TEST_CASE(five_blocked_attempts_raise_one_alert) {
    Fixture f{{}, hillside_snapshot()};
    // One visit makes a DNS lookup and two connections: they count once.
    for (int visit = 0; visit < 7; ++visit) {
        const auto port = static_cast<std::uint16_t>(41000 + visit * 4);
        f.wire.udp(kHillsidePupil, port, kSchoolResolver, 53, dns_query("www.facebook.com", static_cast<std::uint16_t>(visit)));
        for (std::uint16_t c = 1; c <= 2; ++c) {
            handshake(f.wire, kHillsidePupil, static_cast<std::uint16_t>(port + c), kUnlistedServer, 443);
            f.wire.tcp(kHillsidePupil, static_cast<std::uint16_t>(port + c), kUnlistedServer, 443, 1001, kPshAck,
                       client_hello("www.facebook.com"));
        }
        f.wire.advance(30 * kSecond);
    }
    BOOST_TEST_REQUIRE(f.sink.alerts.size() == 1u);
    const auto& alert = f.sink.alerts.front();
    BOOST_TEST(alert.alert == "repeated_attempts");
    BOOST_TEST(alert.attempts == 5u);
    BOOST_TEST(alert.role == "pupil");
    BOOST_TEST(alert.services == std::vector<std::string>{"facebook"}, boost::test_tools::per_element());
    BOOST_TEST(alert.reason.find("5 blocked attempts within 10 minutes") != std::string::npos);
    BOOST_TEST(alert.rule == "circumvention.repeated_attempts");
}

BOOST_AUTO_TEST_CASE(a_socks_proxy_to_instagram_is_named_through_the_proxy) {
    Fixture f{{}, hillside_snapshot()};
    handshake(f.wire, kHillsidePupil, 42000, kVpnServer, 1080);
    f.wire.tcp(kHillsidePupil, 42000, kVpnServer, 1080, 1001, kPshAck, FrameBytes{5, 1, 0});
    FrameBytes request{5, 1, 0, 3, 17};
    for (const char c : std::string{"www.instagram.com"}) request.push_back(static_cast<std::uint8_t>(c));
    request.insert(request.end(), {0x01, 0xbb});
    f.wire.tcp(kHillsidePupil, 42000, kVpnServer, 1080, 1004, kPshAck, request);
    BOOST_TEST_REQUIRE(f.sink.events.size() == 1u);
    const auto& event = f.sink.events.front();
    BOOST_TEST(event.host == "www.instagram.com");
    BOOST_TEST(event.service == "instagram");
    BOOST_TEST(event.rule == "pupils-never");
    BOOST_TEST(technique_names(event) == std::vector<std::string>{"proxy.socks"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::engine
