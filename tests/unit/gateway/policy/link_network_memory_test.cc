#include "gateway/policy/link_network_memory.h"

#include <boost/test/unit_test.hpp>

#include "config/yaml/policy_loader.h"
#include "gateway/policy/subject_placement.h"

namespace schoolgate::gateway::policy {
namespace {

constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kMinute = 60 * kSecond;
constexpr std::uint64_t kStart = 1'772'619'300ULL * kSecond;

const net::MacAddress kLaptop{{0x02, 0, 0, 0, 0x10, 0x01}};
const net::MacAddress kPhone{{0x02, 0, 0, 0, 0x10, 0x02}};
const net::MacAddress kRouter{{0x02, 0, 0, 0, 0x10, 0xfe}};

using Known = LinkNetworkMemory::Known;

BOOST_AUTO_TEST_SUITE(LinkNetworkMemoryTest)

BOOST_AUTO_TEST_CASE(a_mac_on_one_network_is_recalled_on_it) {
    LinkNetworkMemory memory;
    memory.learn(kLaptop, "pupil-wifi", kStart);
    memory.learn(kLaptop, "pupil-wifi", kStart + kMinute);
    const auto recalled = memory.recall(kLaptop, kStart + 2 * kMinute);
    BOOST_TEST((recalled.known == Known::Network));
    BOOST_TEST(recalled.network == "pupil-wifi");
    BOOST_TEST((memory.recall(kPhone, kStart).known == Known::Nothing));
    BOOST_TEST((memory.recall(net::MacAddress{}, kStart).known == Known::Nothing));
    BOOST_TEST(memory.counters().learned == 1u);
}

BOOST_AUTO_TEST_CASE(a_zero_mac_teaches_nothing) {
    LinkNetworkMemory memory;
    memory.learn(net::MacAddress{}, "pupil-wifi", kStart);
    BOOST_TEST(memory.size() == 0u);
}

BOOST_AUTO_TEST_CASE(a_mac_carrying_several_networks_teaches_nothing_and_is_counted) {
    LinkNetworkMemory memory;
    memory.learn(kRouter, "pupil-wifi", kStart);
    memory.learn(kRouter, "staff-wifi", kStart + kSecond);
    BOOST_TEST((memory.recall(kRouter, kStart + 2 * kSecond).known == Known::Shared));
    BOOST_TEST(memory.counters().shared == 1u);
    // Still carrying both: still nothing, counted once.
    memory.learn(kRouter, "pupil-wifi", kStart + 3 * kSecond);
    memory.learn(kRouter, "staff-wifi", kStart + 4 * kSecond);
    BOOST_TEST((memory.recall(kRouter, kStart + 5 * kSecond).known == Known::Shared));
    BOOST_TEST(memory.counters().shared == 1u);
    // Only one network for a while is not enough: a router's quiet network may come back.
    memory.learn(kRouter, "staff-wifi", kStart + 30 * kMinute);
    BOOST_TEST((memory.recall(kRouter, kStart + 31 * kMinute).known == Known::Shared));
    // A router that kept to one network for the whole expiry is taken at its word again.
    const LinkNetworkLimits limits;
    const auto later = kStart + 4 * kSecond + limits.expiry_us + kSecond;
    memory.learn(kRouter, "staff-wifi", later);
    BOOST_TEST((memory.recall(kRouter, later).known == Known::Network));
}

BOOST_AUTO_TEST_CASE(what_a_mac_taught_expires_on_packet_time) {
    const LinkNetworkLimits limits;
    LinkNetworkMemory memory;
    memory.learn(kLaptop, "pupil-wifi", kStart);
    BOOST_TEST((memory.recall(kLaptop, kStart + limits.expiry_us).known == Known::Network));
    BOOST_TEST((memory.recall(kLaptop, kStart + limits.expiry_us + 1).known == Known::Nothing));
    // Expired entries are swept when others are learned: a device that left keeps nothing.
    memory.learn(kPhone, "guest-wifi", kStart + limits.expiry_us + kMinute);
    BOOST_TEST(memory.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_mac_that_moves_networks_is_recalled_on_the_new_one) {
    const LinkNetworkLimits limits;
    LinkNetworkMemory memory;
    memory.learn(kLaptop, "staff-wifi", kStart);
    const auto moved_at = kStart + limits.shared_window_us + kSecond;
    memory.learn(kLaptop, "pupil-wifi", moved_at);
    const auto recalled = memory.recall(kLaptop, moved_at + kSecond);
    BOOST_TEST((recalled.known == Known::Network));
    BOOST_TEST(recalled.network == "pupil-wifi");
    BOOST_TEST(memory.counters().moved == 1u);
    BOOST_TEST(memory.counters().shared == 0u);
}

BOOST_AUTO_TEST_CASE(a_full_memory_learns_no_new_mac_and_counts_it) {
    LinkNetworkMemory memory{LinkNetworkLimits{kMinute * 60, kMinute, 1}};
    memory.learn(kLaptop, "pupil-wifi", kStart);
    memory.learn(kPhone, "pupil-wifi", kStart + kSecond);
    BOOST_TEST(memory.counters().full == 1u);
    BOOST_TEST((memory.recall(kPhone, kStart + kSecond).known == Known::Nothing));
    // Once the first has expired, there is room again.
    memory.learn(kPhone, "pupil-wifi", kStart + 61 * kMinute);
    BOOST_TEST((memory.recall(kPhone, kStart + 61 * kMinute).known == Known::Network));
}

BOOST_AUTO_TEST_SUITE_END()

std::shared_ptr<const PolicySnapshot> hillside() {
    auto model = config::yaml::load_policy(SG_SOURCE_DIR "/config/examples/hillside.yaml",
                                           SG_SOURCE_DIR "/config/catalogue/services.yaml");
    BOOST_REQUIRE(model.ok());
    auto compiled = config::compile_policy(std::move(model).value());
    BOOST_REQUIRE(compiled.ok());
    return PolicySnapshot::make(compiled.value(), 1);
}

net::IpAddress ip(const char* text) { return *net::IpAddress::parse(text); }

BOOST_AUTO_TEST_SUITE(SubjectPlacementTest)

BOOST_AUTO_TEST_CASE(ipv6_takes_the_network_of_the_same_macs_ipv4_and_nothing_else_does) {
    const auto snapshot = hillside();
    const auto& subjects = snapshot->policy->subjects();
    LinkNetworkMemory memory;
    const auto v4 = place_subject(subjects, memory, ip("10.20.0.5"), kLaptop, 0, kStart);
    BOOST_TEST(v4.subject.role == "pupil");
    BOOST_TEST((v4.placed == Placed::ByPolicy));
    const auto v6 = place_subject(subjects, memory, ip("2001:db8:20::50"), kLaptop, 0, kStart + kSecond);
    BOOST_TEST((v6.placed == Placed::ByLink));
    BOOST_TEST(v6.subject.role == "pupil");
    BOOST_TEST(v6.subject.network == "pupil-wifi");
    const auto stranger = place_subject(subjects, memory, ip("2001:db8:20::51"), kPhone, 0, kStart + kSecond);
    BOOST_TEST((stranger.placed == Placed::Unplaced));
    BOOST_TEST((stranger.link == Known::Nothing));
    // An IPv4 address no network claims teaches nothing and stays as the policy says (role unknown).
    const auto outside = place_subject(subjects, memory, ip("192.0.2.7"), kPhone, 0, kStart);
    BOOST_TEST((outside.placed == Placed::ByPolicy));
    BOOST_TEST(outside.subject.role == "unknown");
    BOOST_TEST(memory.size() == 1u);
}

BOOST_AUTO_TEST_CASE(ipv6_behind_a_router_carrying_several_networks_is_unplaced) {
    const auto snapshot = hillside();
    const auto& subjects = snapshot->policy->subjects();
    LinkNetworkMemory memory;
    const auto pupil = place_subject(subjects, memory, ip("10.20.0.5"), kRouter, 0, kStart);
    const auto staff = place_subject(subjects, memory, ip("10.30.0.99"), kRouter, 0, kStart + kSecond);
    BOOST_TEST(pupil.subject.role == "pupil");
    BOOST_TEST(staff.subject.role == "staff");
    const auto v6 = place_subject(subjects, memory, ip("2001:db8:20::50"), kRouter, 0, kStart + 2 * kSecond);
    BOOST_TEST((v6.placed == Placed::Unplaced));
    BOOST_TEST((v6.link == Known::Shared));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::policy
