#include "gateway/events/log_file_name.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

namespace schoolgate::gateway::events {
namespace {

using namespace std::chrono_literals;

const std::chrono::sys_days kMarch4{std::chrono::year{2026} / std::chrono::March / 4};

const char* const kNotLogFiles[] = {
    "events-2026-03-04.jsonl.bak", "events-2026-03-04.json", "events-2026-02-29.jsonl", "events-2026-13-01.jsonl",
    "events-2026-03-04.0.jsonl",   "events-2026-03-04.01.jsonl", "events-2026-03-04..jsonl",
    "events-2026-03-04.1x.jsonl",  "events-2026-03-04.1234567.jsonl", "events2026-03-04.jsonl",
    "events-26-03-04.jsonl",       "other-2026-03-04.jsonl", "events-2026-03-04", ".jsonl", "",
};

BOOST_AUTO_TEST_SUITE(LogFileNameTest)

BOOST_AUTO_TEST_CASE(names_round_trip) {
    BOOST_TEST(log_file_name("events", kMarch4, 0) == "events-2026-03-04.jsonl");
    BOOST_TEST(log_file_name("events", kMarch4, 12) == "events-2026-03-04.12.jsonl");
    const auto first = parse_log_file_name("events", "events-2026-03-04.jsonl");
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST((first->day == kMarch4));
    BOOST_TEST(first->index == 0u);
    const auto twelfth = parse_log_file_name("events", "events-2026-03-04.12.jsonl");
    BOOST_TEST_REQUIRE(twelfth.has_value());
    BOOST_TEST(twelfth->index == 12u);
}

BOOST_DATA_TEST_CASE(other_names_are_not_log_files, boost::unit_test::data::make(kNotLogFiles), name) {
    BOOST_TEST(!parse_log_file_name("events", name).has_value());
}

BOOST_AUTO_TEST_CASE(the_day_is_the_utc_day) {
    BOOST_TEST((utc_day(WallTime{kMarch4} + 23h + 59min + 59s + 999999us) == kMarch4));
    BOOST_TEST((utc_day(WallTime{kMarch4} - 1us) == kMarch4 - std::chrono::days{1}));
    BOOST_TEST(format_day(kMarch4) == "2026-03-04");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
