// Every event's school_time comes from CompiledPolicy::local_time_text, which keeps the zone's current
// period per thread and writes the digits itself for speed. It must write exactly what date::format writes,
// in every kind of zone: whole-hour and :30/:45 offsets, negative offsets, DST changes both ways, half-hour
// DST (Lord Howe), and instants that walk back and forth across transitions (the per-thread period).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <date/tz.h>
#include <random>
#include <string>

#include "support/policy_text.h"

namespace {

std::shared_ptr<const schoolgate::config::CompiledPolicy> school_in(const std::string& zone) {
    return schoolgate::test::compile_policy_text("school: {name: S, time_zone: " + zone + "}\nrules: []\n");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(LocalTimeText)

BOOST_AUTO_TEST_CASE(writes_what_date_format_writes_in_every_kind_of_zone) {
    std::mt19937_64 random{20261206};
    // 1970-01-01 to 2100-01-01 in milliseconds.
    std::uniform_int_distribution<std::int64_t> anywhere{0, 4'102'444'800'000LL};
    std::uniform_int_distribution<std::int64_t> nearby{-3 * 86'400'000LL, 3 * 86'400'000LL};
    for (const std::string zone : {"Europe/London", "UTC", "America/St_Johns", "Asia/Kathmandu",
                                   "Australia/Lord_Howe", "America/Los_Angeles", "Pacific/Chatham"}) {
        const auto policy = school_in(zone);
        const auto* time_zone = date::locate_zone(zone);
        std::int64_t ms = anywhere(random);
        for (int i = 0; i < 20'000; ++i) {
            // Mostly small steps (so the kept period is reused and left again), sometimes a jump anywhere.
            ms = i % 50 == 0 ? anywhere(random) : std::clamp<std::int64_t>(ms + nearby(random), 0, 4'102'444'800'000LL);
            const auto at = date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{ms}};
            const auto expected = date::format("%FT%T%Ez", date::make_zoned(time_zone, at));
            const auto written = policy->local_time_text(schoolgate::WallTime{std::chrono::microseconds{ms * 1000}});
            BOOST_REQUIRE_MESSAGE(written == expected,
                                  zone << " at " << ms << " ms: " << written << " != " << expected);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
