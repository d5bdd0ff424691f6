// When the engine asks nDPI (gateway/engine/ndpi_asking.cc): only while its answer can still be read, and
// never so that packets a pupil sends first can spend the reading of the connection that follows.
#include <array>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gateway/engine/inspection_engine.h"
#include "support/engine_test_parts.h"
#include "support/frame_builder.h"

namespace schoolgate::gateway::engine {
namespace {

using test::FrameBytes;
using test::TcpSegment;
using Address = std::array<std::uint8_t, 4>;

constexpr std::uint64_t kStartUs = 1'772'619'300ULL * 1'000'000;  // 2026-03-04T10:15:00Z
constexpr Address kClient{192, 0, 2, 15};
constexpr Address kServer{198, 51, 100, 20};  // in no catalogue range
constexpr std::uint8_t kSyn = TcpSegment::kSyn;
constexpr std::uint8_t kSynAck = TcpSegment::kSyn | TcpSegment::kAck;
constexpr std::uint8_t kAck = TcpSegment::kAck;
constexpr std::uint8_t kPshAck = TcpSegment::kPsh | TcpSegment::kAck;

using testing::CapturingSink;

std::shared_ptr<const policy::PolicySnapshot> demo_snapshot() { return testing::example_snapshot("demo-policy.yaml"); }

// Bytes that look fully encrypted (an LCG's high bytes): the flow notes `obfuscated` and is decided at once.
FrameBytes random_looking(std::size_t size) {
    FrameBytes bytes;
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < size; ++i) {
        state = state * 1103515245u + 12345u;
        bytes.push_back(static_cast<std::uint8_t>(state >> 24));
    }
    return bytes;
}

FrameBytes text(const std::string& line) { return FrameBytes(line.begin(), line.end()); }

struct Fixture {
    explicit Fixture(EngineConfig config = {}) : engine(config, demo_snapshot(), sink) {}
    void tcp(Address src, std::uint16_t src_port, Address dst, std::uint16_t dst_port, std::uint32_t seq,
             std::uint8_t flags, FrameBytes payload = {}) {
        const auto frame = test::ethernet_ipv4_frame(
            src, dst, test::kIpProtocolTcp, test::tcp_segment(src_port, dst_port, seq, flags, std::move(payload)));
        engine.on_frame({decode::LinkType::Ethernet, frame, WallTime{std::chrono::microseconds{now_us}}, {}});
        now_us += 1'000;
    }
    void handshake(std::uint16_t client_port, std::uint16_t server_port) {
        tcp(kClient, client_port, kServer, server_port, 1000, kSyn);
        tcp(kServer, server_port, kClient, client_port, 5000, kSynAck);
        tcp(kClient, client_port, kServer, server_port, 1001, kAck);
    }
    CapturingSink sink;
    InspectionEngine engine;
    std::uint64_t now_us = kStartUs;
};

BOOST_AUTO_TEST_SUITE(NdpiAskingTest)

// The `obfuscated` flow is decided by its first bytes and settled with them: nDPI's guess, which settle()
// would put into observations that nothing reads again, is not asked for. The undecided flow's guess is.
BOOST_AUTO_TEST_CASE(a_decided_flow_is_settled_without_asking_ndpi_for_a_guess) {
    Fixture f;
    f.handshake(40000, 5222);
    f.tcp(kClient, 40000, kServer, 5222, 1001, kPshAck, random_looking(64));
    BOOST_TEST(f.engine.counters().ndpi_flows == 1u);
    BOOST_TEST(f.engine.counters().ndpi_packets == 1u);
    BOOST_TEST(f.engine.counters().ndpi_guesses_not_needed == 1u);  // 0 when every settle asked nDPI

    f.handshake(40001, 5222);  // text: our inspector is done with it, undecided, so nDPI's guess decides it
    f.tcp(kClient, 40001, kServer, 5222, 1001, kPshAck, text("hello there, server\r\n"));
    f.engine.finish();
    BOOST_TEST(f.engine.counters().ndpi_flows == 2u);
    BOOST_TEST(f.engine.counters().ndpi_guesses_not_needed == 1u);
}

// A connection picked up in its middle (no SYN seen) is read by nDPI up to its 16th packet; one the engine
// saw open keeps nDPI's own budget.
BOOST_AUTO_TEST_CASE(ndpi_reads_a_connection_picked_up_in_its_middle_for_16_packets) {
    EngineConfig config;
    config.inspection_packet_budget = 1000;  // the engine's own budget is not what ends nDPI's reading here
    config.inspection_packet_cap = 1000;
    Fixture f{config};
    for (std::uint32_t i = 0; i < 40; ++i) {
        f.tcp(kServer, 80, kClient, 41000, 9000 + i * 100, kAck, FrameBytes(100, 'x'));
        f.tcp(kClient, 41000, kServer, 80, 2000, kAck);
    }
    BOOST_TEST(f.engine.counters().ndpi_flows == 1u);
    BOOST_TEST(f.engine.counters().ndpi_packets == 16u);  // 80 (nDPI's TCP budget) before

    f.handshake(41001, 80);
    for (std::uint32_t i = 0; i < 40; ++i) {
        f.tcp(kServer, 80, kClient, 41001, 5001 + i * 100, kAck, FrameBytes(100, 'x'));
        f.tcp(kClient, 41001, kServer, 80, 1001, kAck);
    }
    BOOST_TEST(f.engine.counters().ndpi_flows == 2u);
    BOOST_TEST(f.engine.counters().ndpi_packets > 16u + 60u);  // read on past 16 packets
}

// A pupil cannot spend nDPI's reading of a connection with packets sent ahead of its SYN (junk, or a
// mid-stream flow left to run out nDPI's budget): the connection that starts with the SYN is read afresh.
// Before, nDPI's opinion of the 5-tuple stayed done across restart_connection, and the real connection
// reached no nDPI at all, so its event carried no reading of it.
BOOST_AUTO_TEST_CASE(packets_before_a_syn_do_not_spend_the_connections_ndpi_reading) {
    EngineConfig config;
    config.record_allowed = true;
    Fixture f{config};
    for (std::uint32_t i = 0; i < 20; ++i) f.tcp(kClient, 42000, kServer, 80, 100 + i, kPshAck, text("z"));
    BOOST_TEST(f.engine.counters().ndpi_flows == 1u);
    const auto events_before = f.sink.events.size();

    f.handshake(42000, 80);
    f.tcp(kClient, 42000, kServer, 80, 1001, kPshAck, text("hello there, server\r\n"));
    f.engine.finish();
    BOOST_TEST(f.engine.counters().connections_restarted == 1u);
    BOOST_TEST(f.engine.counters().ndpi_flows == 2u);  // 1 before: the real connection was never asked
    BOOST_TEST_REQUIRE(f.sink.events.size() > events_before);
    BOOST_TEST(!f.sink.events.back().ndpi_protocol.empty());  // nDPI's reading of the real connection
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::engine
