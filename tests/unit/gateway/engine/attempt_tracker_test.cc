#include "gateway/engine/attempt_tracker.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace {
using schoolgate::gateway::engine::AttemptTracker;

constexpr std::uint64_t kStart = 1'700'000'000'000'000;
constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kWindow = 600 * kSecond;
constexpr std::uint32_t kThreshold = 3;

// Attempts far enough apart (beyond AttemptTracker::kSameAttemptUs) to count separately.
std::optional<AttemptTracker::Alert> attempt(AttemptTracker& tracker, const std::string& who, std::uint64_t nth) {
    return tracker.on_blocked(who, "instagram", kStart + nth * 20 * kSecond, kThreshold, kWindow);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(AttemptTrackerTest)

BOOST_AUTO_TEST_CASE(the_third_attempt_in_the_window_raises_one_alert) {
    AttemptTracker tracker;
    BOOST_TEST(!attempt(tracker, "10.1.0.7", 0).has_value());
    BOOST_TEST(!attempt(tracker, "10.1.0.7", 1).has_value());
    const auto alert = attempt(tracker, "10.1.0.7", 2);
    BOOST_REQUIRE(alert.has_value());
    BOOST_TEST(alert->attempts == 3u);
    BOOST_TEST(alert->targets == std::vector<std::string>{"instagram"});
    BOOST_TEST(!attempt(tracker, "10.1.0.7", 3).has_value());  // quiet for the rest of the window
}

// At capacity, a newcomer makes the tracker forget the person whose latest attempt is oldest (the
// idlest), never one who is active: an active pupil's count survives a flood of forged addresses.
BOOST_AUTO_TEST_CASE(at_capacity_the_idlest_person_is_forgotten) {
    AttemptTracker tracker(3);
    attempt(tracker, "pupil-a", 0);
    attempt(tracker, "pupil-b", 1);
    attempt(tracker, "pupil-c", 2);
    attempt(tracker, "pupil-a", 3);  // a is active again: b is now the idlest
    attempt(tracker, "pupil-d", 4);  // forgets b
    BOOST_TEST(tracker.tracked() == 3u);
    // a kept both attempts: a third raises the alert. b starts again from nothing.
    BOOST_TEST(attempt(tracker, "pupil-a", 5).has_value());
    BOOST_TEST(!attempt(tracker, "pupil-b", 6).has_value());  // forgets c
    BOOST_TEST(!attempt(tracker, "pupil-b", 7).has_value());
    BOOST_TEST(attempt(tracker, "pupil-b", 8).has_value());
}

BOOST_AUTO_TEST_CASE(a_flood_of_distinct_people_stays_within_capacity_and_spares_the_active) {
    constexpr std::size_t kCapacity = 1024;
    AttemptTracker tracker(kCapacity);
    attempt(tracker, "persistent", 0);
    for (std::uint64_t i = 0; i < 50 * kCapacity; ++i) {
        tracker.on_blocked("forged-" + std::to_string(i), "dns.doh", kStart + i, kThreshold, kWindow);
        if (i % 512 == 0) tracker.on_blocked("persistent", "x", kStart + i, kThreshold, kWindow);
        BOOST_TEST_REQUIRE(tracker.tracked() <= kCapacity);
    }
    // "persistent" stayed recent, so it was never the idlest: its next distinct attempt reaches the threshold.
    BOOST_TEST(attempt(tracker, "persistent", 1).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
