// A dual-stack pupil's IPv6 under the shipped policy (IPv4 networks only, no rule for role unknown): placed on
// the network of the same device's IPv4 traffic, or, when nothing places it, decided as the strictest network
// and recorded. Before this, such a flow was role unknown and allowed by default_action with no event.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "config/yaml/policy_loader.h"
#include "gateway/engine/inspection_engine.h"
#include "support/client_hello_builder.h"
#include "support/frame_builder.h"

namespace schoolgate::gateway::engine {
namespace {

using test::FrameBytes;
using test::TcpSegment;
using Mac = std::array<std::uint8_t, 6>;

constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kStartUs = 1'772'619'300ULL * kSecond;  // Wednesday 2026-03-04 10:15Z, in a lesson
constexpr Mac kLaptop{0x02, 0, 0, 0, 0x20, 0x50};
constexpr Mac kPhone{0x02, 0, 0, 0, 0x20, 0x51};

class CapturingSink final : public events::EventSink {
public:
    void record(const events::VerdictEvent& event) override { events.push_back(event); }
    void record(const events::AlertEvent&) override {}
    std::vector<events::VerdictEvent> events;
};

std::shared_ptr<const policy::PolicySnapshot> hillside() {
    auto model = config::yaml::load_policy(SG_SOURCE_DIR "/config/examples/hillside.yaml",
                                           SG_SOURCE_DIR "/config/catalogue/services.yaml");
    BOOST_REQUIRE(model.ok());
    auto compiled = config::compile_policy(std::move(model).value());
    BOOST_REQUIRE(compiled.ok());
    return policy::PolicySnapshot::make(compiled.value(), 1);
}

std::array<std::uint8_t, 16> v6(std::uint8_t subnet, std::uint8_t host) {
    return {0x20, 0x01, 0x0d, 0xb8, 0, subnet, 0, 0, 0, 0, 0, 0, 0, 0, 0, host};
}

struct Fixture {
    CapturingSink sink;
    InspectionEngine engine{EngineConfig{}, hillside(), sink};
    std::uint64_t now = kStartUs;

    void send(const Mac& mac, bool ipv6, const FrameBytes& ip_packet) {
        test::EthernetFrame frame;
        frame.src_mac = mac;
        frame.ethertype = ipv6 ? test::kEtherTypeIpv6 : test::kEtherTypeIpv4;
        frame.payload = ip_packet;
        const auto bytes = frame.build();
        engine.on_frame({decode::LinkType::Ethernet, bytes, WallTime{std::chrono::microseconds{now}}, {}});
        now += 1000;
    }
    FrameBytes packet(bool ipv6, std::uint8_t client, bool to_server, FrameBytes segment) {
        if (ipv6) {
            test::Ipv6Packet ip;
            ip.src = to_server ? v6(0x20, client) : v6(0x71, 0x10);
            ip.dst = to_server ? v6(0x71, 0x10) : v6(0x20, client);
            ip.payload = std::move(segment);
            return ip.build();
        }
        test::Ipv4Packet ip;
        ip.src = to_server ? std::array<std::uint8_t, 4>{10, 20, 0, client} : std::array<std::uint8_t, 4>{198, 51, 100, 20};
        ip.dst = to_server ? std::array<std::uint8_t, 4>{198, 51, 100, 20} : std::array<std::uint8_t, 4>{10, 20, 0, client};
        ip.payload = std::move(segment);
        return ip.build();
    }
    /// A TLS connection from the client (its MAC, IPv4 10.20.0.CLIENT or IPv6 2001:db8:20::CLIENT) naming `host`.
    void tls(const Mac& mac, bool ipv6, std::uint8_t client, std::uint16_t port, const std::string& host) {
        send(mac, ipv6, packet(ipv6, client, true, test::tcp_segment(port, 443, 1000, TcpSegment::kSyn)));
        send(Mac{0x02, 0, 0, 0, 0, 0xfe}, ipv6,
             packet(ipv6, client, false, test::tcp_segment(443, port, 5000, TcpSegment::kSyn | TcpSegment::kAck)));
        send(mac, ipv6, packet(ipv6, client, true, test::tcp_segment(port, 443, 1001, TcpSegment::kAck)));
        send(mac, ipv6, packet(ipv6, client, true, test::tcp_segment(port, 443, 1001, TcpSegment::kPsh | TcpSegment::kAck,
                                                                  test::ClientHelloBuilder::browser_like(host).record_bytes())));
    }
    const events::VerdictEvent* event_from(std::uint16_t port) const {
        for (const auto& event : sink.events) {
            if (event.src_port == port) return &event;
        }
        return nullptr;
    }
};

BOOST_AUTO_TEST_SUITE(Ipv6PlacementTest)

BOOST_AUTO_TEST_CASE(a_dual_stack_pupils_ipv6_is_decided_as_the_network_of_its_ipv4) {
    Fixture f;
    f.tls(kLaptop, false, 50, 40000, "www.bbc.co.uk");  // IPv4 from pupil-wifi: teaches the laptop's MAC
    f.tls(kLaptop, true, 50, 40001, "www.facebook.com");
    f.engine.finish();
    const auto* event = f.event_from(40001);
    BOOST_TEST_REQUIRE(event != nullptr);  // the old engine: role unknown, default_action allow, no event
    BOOST_TEST(event->verdict == "block");
    BOOST_TEST(event->role == "pupil");
    BOOST_TEST(event->rule == "pupils-never");
    BOOST_TEST(f.engine.counters().ipv6_placed_by_link == 1u);
    BOOST_TEST(f.engine.counters().ipv6_unplaced == 0u);
}

BOOST_AUTO_TEST_CASE(an_ipv6_client_nothing_places_is_decided_as_the_strictest_network_and_recorded) {
    Fixture f;
    f.tls(kPhone, true, 51, 40002, "www.facebook.com");
    f.tls(kPhone, true, 51, 40003, "www.youtube.com");  // a listed service every network allows
    f.tls(kPhone, true, 51, 40004, "www.bbc.co.uk");    // no listed service: nothing to record
    f.engine.finish();
    const auto* blocked = f.event_from(40002);
    BOOST_TEST_REQUIRE(blocked != nullptr);
    BOOST_TEST(blocked->verdict == "block");
    BOOST_TEST(blocked->role == "pupil");  // pupil-wifi: the first network in the file that blocks it
    BOOST_TEST(blocked->reason.find("IPv6 client in no network") != std::string::npos);
    const auto* allowed = f.event_from(40003);
    BOOST_TEST_REQUIRE(allowed != nullptr);  // evidence, though allowed
    BOOST_TEST(allowed->verdict == "allow");
    BOOST_TEST(allowed->service == "youtube");
    BOOST_TEST(f.event_from(40004) == nullptr);
    BOOST_TEST(f.engine.counters().ipv6_unplaced == 3u);
}

BOOST_AUTO_TEST_CASE(a_placed_ipv6_client_to_an_allowed_service_writes_nothing) {
    Fixture f;
    f.tls(kLaptop, false, 50, 40010, "www.bbc.co.uk");
    f.tls(kLaptop, true, 50, 40011, "www.youtube.com");
    f.engine.finish();
    BOOST_TEST(f.event_from(40011) == nullptr);  // data minimisation holds for a placed device
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::engine
