// The packet path allocates nothing once a flow is settled: decoding a frame, finding its flow and passing
// a packet of a settled flow must not touch the heap (docs/performance.md: most packets of a gateway's
// traffic are on settled flows, and an allocation costs more than the rest of their path). Inspection of a
// new flow does allocate (its inspector, reassembly buffers, the event), and that is measured in
// bench/instructions, not forbidden here.
//
// Allocations are counted by replacing the global operator new/delete (plain, array, nothrow and aligned)
// for this test's own executable; they forward to malloc/posix_memalign and free, so nothing else changes.
// Under AddressSanitizer malloc and free are still checked, but ASan's new/delete mismatch checks are lost:
// that is why this test is not part of gateway_unit_tests (tests/CMakeLists.txt).
// GCC cannot see that the replaced operator new below returns malloc's memory, and warns wherever in this
// file a delete inlines into free().
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#define BOOST_TEST_MODULE packet_path_allocation_tests
#include <array>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

#include "classifiers/limits.h"
#include "config/yaml/policy_loader.h"
#include "gateway/decode/packet_decoder.h"
#include "gateway/engine/inspection_engine.h"
#include "support/client_hello_builder.h"
#include "support/frame_builder.h"

namespace limits = schoolgate::classifiers::limits;

namespace {

thread_local bool counting = false;
thread_local std::size_t allocations = 0;

void* allocate(std::size_t size) noexcept {
    if (counting) ++allocations;
    return std::malloc(size == 0 ? 1 : size);
}

void* allocate_aligned(std::size_t size, std::align_val_t alignment) noexcept {
    if (counting) ++allocations;
    void* block = nullptr;
    return ::posix_memalign(&block, static_cast<std::size_t>(alignment), size == 0 ? 1 : size) == 0 ? block : nullptr;
}

}  // namespace

void* operator new(std::size_t size) {
    if (void* block = allocate(size)) return block;
    throw std::bad_alloc{};
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void operator delete(void* block) noexcept { std::free(block); }
void operator delete[](void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }
void operator delete[](void* block, std::size_t) noexcept { std::free(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { std::free(block); }
void* operator new(std::size_t size, std::align_val_t alignment) {
    if (void* block = allocate_aligned(size, alignment)) return block;
    throw std::bad_alloc{};
}
void* operator new[](std::size_t size, std::align_val_t alignment) { return ::operator new(size, alignment); }
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return allocate_aligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return allocate_aligned(size, alignment);
}
void operator delete(void* block, std::align_val_t) noexcept { std::free(block); }
void operator delete[](void* block, std::align_val_t) noexcept { std::free(block); }
void operator delete(void* block, std::size_t, std::align_val_t) noexcept { std::free(block); }
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept { std::free(block); }
void operator delete(void* block, std::align_val_t, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete[](void* block, std::align_val_t, const std::nothrow_t&) noexcept { std::free(block); }

namespace schoolgate::gateway::engine {
namespace {

using test::FrameBytes;
using test::TcpSegment;
using Address = std::array<std::uint8_t, 4>;

constexpr std::uint64_t kStartUs = 1'772'619'300ULL * 1'000'000;  // 2026-03-04T10:15:00Z, a school day
constexpr Address kPupil{192, 0, 2, 15};
constexpr Address kServer{198, 51, 100, 20};

/// Counts the allocations made on this thread while it lives.
class AllocationCount {
public:
    AllocationCount() {
        allocations = 0;
        counting = true;
    }
    ~AllocationCount() { counting = false; }
    std::size_t value() const { return allocations; }
};

class NullSink final : public events::EventSink {
public:
    void record(const events::VerdictEvent&) override { ++events; }
    void record(const events::AlertEvent&) override {}
    std::size_t events = 0;
};

std::shared_ptr<const policy::PolicySnapshot> demo_snapshot() {
    auto compiled = config::yaml::load_and_compile_policy(SG_SOURCE_DIR "/config/examples/demo-policy.yaml",
                                                          SG_SOURCE_DIR "/config/catalogue/services.yaml");
    BOOST_REQUIRE(compiled.ok());
    return policy::PolicySnapshot::make(std::move(compiled).value(), 1);
}

FrameBytes tcp_frame(Address src, std::uint16_t src_port, Address dst, std::uint16_t dst_port, std::uint32_t seq,
                     std::uint8_t flags, FrameBytes payload = {}) {
    return test::ethernet_ipv4_frame(src, dst, test::kIpProtocolTcp,
                                     test::tcp_segment(src_port, dst_port, seq, flags, std::move(payload)));
}

FrameBytes udp_frame(Address src, std::uint16_t src_port, Address dst, std::uint16_t dst_port, FrameBytes payload) {
    return test::ethernet_ipv4_frame(src, dst, test::kIpProtocolUdp,
                                     test::udp_datagram(src_port, dst_port, std::move(payload)));
}

/// The capture loop's work for one frame: decode, then the engine. The view is reused, as replay does.
class Path {
public:
    explicit Path(InspectionEngine& engine) : engine_(engine) {}
    PacketVerdict send(const FrameBytes& frame) {
        const auto outcome = decode::decode_packet(decode::LinkType::Ethernet, frame, view_);
        view_.ts = WallTime{std::chrono::microseconds{now_us_ += 1000}};
        return engine_.on_decoded(outcome, view_, frame.size());
    }

private:
    InspectionEngine& engine_;
    decode::PacketView view_;
    std::uint64_t now_us_ = kStartUs;
};

BOOST_AUTO_TEST_SUITE(PacketPathAllocation)

BOOST_AUTO_TEST_CASE(decoding_allocates_nothing) {
    const std::vector<FrameBytes> frames{
        tcp_frame(kPupil, 50000, kServer, 443, 1000, TcpSegment::kSyn),
        udp_frame(kPupil, 50001, kServer, 53, FrameBytes(40, 0x11)),
        FrameBytes(10, 0xff),  // malformed: too short for Ethernet
    };
    decode::PacketView view;
    AllocationCount count;
    for (int round = 0; round < 100; ++round) {
        for (const auto& frame : frames) decode::decode_packet(decode::LinkType::Ethernet, frame, view);
    }
    BOOST_TEST(count.value() == 0u);
}

BOOST_AUTO_TEST_CASE(packets_of_a_settled_tls_flow_allocate_nothing) {
    NullSink sink;
    InspectionEngine engine{EngineConfig{}, demo_snapshot(), sink};
    Path path{engine};
    const auto hello = test::ClientHelloBuilder::browser_like("www.example.org").record_bytes();
    path.send(tcp_frame(kPupil, 50000, kServer, 443, 1000, TcpSegment::kSyn));
    path.send(tcp_frame(kServer, 443, kPupil, 50000, 5000, TcpSegment::kSyn | TcpSegment::kAck));
    path.send(tcp_frame(kPupil, 50000, kServer, 443, 1001, TcpSegment::kAck));
    const auto verdict =
        path.send(tcp_frame(kPupil, 50000, kServer, 443, 1001, TcpSegment::kPsh | TcpSegment::kAck, hello));
    BOOST_REQUIRE((verdict == PacketVerdict::PassSettled));  // named by its SNI, decided, settled

    const auto from_client = tcp_frame(kPupil, 50000, kServer, 443, 2000, TcpSegment::kAck, FrameBytes(1200, 0x17));
    const auto from_server = tcp_frame(kServer, 443, kPupil, 50000, 6000, TcpSegment::kAck, FrameBytes(1400, 0x17));
    const auto settled_before = engine.counters().packets_settled_path;
    AllocationCount count;
    for (int i = 0; i < 500; ++i) {
        path.send(from_client);
        path.send(from_server);
    }
    BOOST_TEST(count.value() == 0u);
    BOOST_TEST(engine.counters().packets_settled_path - settled_before == 1000u);
}

BOOST_AUTO_TEST_CASE(packets_of_a_settled_unclaimed_udp_flow_allocate_nothing) {
    EngineConfig config;
    config.inspection_packet_budget = 4;
    config.ndpi_second_opinion = false;  // nDPI allocates through malloc, which this test does not see
    NullSink sink;
    InspectionEngine engine{config, demo_snapshot(), sink};
    Path path{engine};
    const auto datagram = udp_frame(kPupil, 40000, kServer, 9999, FrameBytes(200, 0x42));
    PacketVerdict verdict = PacketVerdict::Pass;
    // No classifier of ours claims it: settled once its probed datagrams are spent (junk does not use the budget).
    for (int i = 0; i < limits::kMaxUnrecognisedDatagrams && verdict != PacketVerdict::PassSettled; ++i) {
        verdict = path.send(datagram);
    }
    BOOST_REQUIRE((verdict == PacketVerdict::PassSettled));
    AllocationCount count;
    for (int i = 0; i < 1000; ++i) path.send(datagram);
    BOOST_TEST(count.value() == 0u);
    BOOST_TEST(engine.counters().packets_settled_path == 1000u);
}

BOOST_AUTO_TEST_CASE(the_counter_sees_allocations) {
    struct alignas(64) CacheLine {
        char bytes[64];
    };
    AllocationCount count;
    auto block = std::make_unique<std::array<char, 64>>();
    auto aligned = std::make_unique<CacheLine>();
    BOOST_TEST(count.value() == 2u);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(aligned.get()) % 64 == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::engine
