#include <boost/test/unit_test.hpp>
#include <date/date.h>
#include <memory>
#include <string>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "support/policy_text.h"

namespace {

std::shared_ptr<const schoolgate::config::CompiledPolicy> hillside() {
    auto compiled = schoolgate::config::yaml::load_and_compile_policy(
        std::string{SG_SOURCE_DIR} + "/config/examples/hillside.yaml",
        std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml");
    BOOST_REQUIRE(compiled.ok());
    return std::move(compiled).value();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(LocalTimeTest)

// Found by fuzz/policy_loader (seed hillside.yaml, clang UBSan): date::parse's "%FT%T" on a time without
// seconds converted an uninitialised long double to an integer ("nan is outside the range of representable
// values"). A %T format now sees only text with three time fields; the result is unchanged.
BOOST_AUTO_TEST_CASE(time_without_seconds_never_reaches_the_seconds_format) {
    const auto policy = hillside();
    const auto minutes = policy->parse_local_time("2026-03-04T08:00");
    const auto seconds = policy->parse_local_time("2026-03-04T08:00:00");
    BOOST_REQUIRE(minutes);
    BOOST_REQUIRE(seconds);
    BOOST_TEST(minutes->time_since_epoch().count() == seconds->time_since_epoch().count());
    BOOST_TEST(policy->parse_local_time("2026-03-04 08:00").has_value());
    BOOST_TEST(policy->parse_local_time("2026-03-04").has_value());
}

BOOST_AUTO_TEST_CASE(broken_times_are_refused) {
    const auto policy = hillside();
    for (const char* text : {"2026-03-04T08:00:xx", "2026-03-04T08:", "2026-03-04Tx8:00:00", "2026-03-04T08:00:00:00",
                             "2026-03-04T123:00:00", "2026-02-30", "2026-03-04T", ""}) {
        BOOST_TEST(!policy->parse_local_time(text).has_value(), text);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 15, item 5: a school-local time the clocks skip or repeat is refused with the two real choices,
// never moved silently (01:30 on 29 March 2026 used to become 02:00 BST).
BOOST_AUTO_TEST_SUITE(LocalTimeAtClockChangesTest)

namespace {

std::string refusal(const schoolgate::config::CompiledPolicy& policy, const std::string& text) {
    const auto read = policy.read_local_time(text);
    BOOST_REQUIRE(!read.ok());
    BOOST_REQUIRE(!read.error().malformed);
    return read.error().message;
}

std::string utc(const schoolgate::config::CompiledPolicy& policy, const std::string& text) {
    const auto read = policy.read_local_time(text);
    BOOST_REQUIRE(read.ok());
    return date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(read.value()));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_skipped_time_is_refused_with_the_minute_before_and_the_moment_after) {
    const auto policy = hillside();
    BOOST_TEST(refusal(*policy, "2026-03-29T01:30") ==
               "that time does not exist in Europe/London (the clocks go forward at 01:00); use 2026-03-29T00:59 GMT "
               "or 2026-03-29T02:00 BST");
    BOOST_TEST(refusal(*policy, "2026-03-29 01:00:00") ==
               "that time does not exist in Europe/London (the clocks go forward at 01:00); use 2026-03-29T00:59:59 GMT "
               "or 2026-03-29T02:00:00 BST");
    BOOST_TEST(!policy->parse_local_time("2026-03-29T01:30").has_value());
}

BOOST_AUTO_TEST_CASE(a_repeated_time_is_refused_with_both_offsets) {
    const auto policy = hillside();
    BOOST_TEST(refusal(*policy, "2026-10-25T01:30") ==
               "that time happens twice in Europe/London (the clocks go back at 02:00); say 2026-10-25T01:30+01:00 "
               "(BST) or 2026-10-25T01:30+00:00 (GMT)");
}

BOOST_AUTO_TEST_CASE(an_offset_picks_one_of_a_repeated_hour) {
    const auto policy = hillside();
    BOOST_TEST(utc(*policy, "2026-10-25T01:30+01:00") == "2026-10-25T00:30:00Z");
    BOOST_TEST(utc(*policy, "2026-10-25T01:30+00:00") == "2026-10-25T01:30:00Z");
    BOOST_TEST(utc(*policy, "2026-10-25T01:30Z") == "2026-10-25T01:30:00Z");
    BOOST_TEST(utc(*policy, "2026-07-01T10:15:00+01:00") == "2026-07-01T09:15:00Z");
}

BOOST_AUTO_TEST_CASE(an_offset_the_zone_does_not_have_then_is_refused) {
    const auto policy = hillside();
    BOOST_TEST(refusal(*policy, "2026-03-04T10:15+01:00") ==
               "that offset is not Europe/London's then (it was +00:00, GMT; write 2026-03-04T10:15+00:00 or leave the "
               "offset out)");
    for (const char* text : {"2026-03-04T10:15+1", "2026-03-04T10:15+01:0x", "2026-03-04T10:15+25:00"}) {
        const auto read = policy->read_local_time(text);
        BOOST_TEST((!read.ok() && read.error().malformed), text);
    }
}

BOOST_AUTO_TEST_CASE(times_either_side_of_the_changes_and_bare_dates_are_read) {
    const auto policy = hillside();
    BOOST_TEST(utc(*policy, "2026-03-29T00:59") == "2026-03-29T00:59:00Z");
    BOOST_TEST(utc(*policy, "2026-03-29T02:00") == "2026-03-29T01:00:00Z");
    BOOST_TEST(utc(*policy, "2026-10-25T02:00") == "2026-10-25T02:00:00Z");
    BOOST_TEST(utc(*policy, "2026-03-29") == "2026-03-29T00:00:00Z");
    BOOST_TEST(utc(*policy, "2026-10-25") == "2026-10-24T23:00:00Z");
}

BOOST_AUTO_TEST_CASE(another_zone_names_its_own_abbreviations) {
    const auto policy = schoolgate::test::compile_policy_text("school: {name: S, time_zone: America/New_York}\nrules: []\n");
    BOOST_TEST(refusal(*policy, "2026-03-08T02:30") ==
               "that time does not exist in America/New_York (the clocks go forward at 02:00); use 2026-03-08T01:59 EST "
               "or 2026-03-08T03:00 EDT");
    BOOST_TEST(refusal(*policy, "2026-11-01T01:30") ==
               "that time happens twice in America/New_York (the clocks go back at 02:00); say 2026-11-01T01:30-04:00 "
               "(EDT) or 2026-11-01T01:30-05:00 (EST)");
}

BOOST_AUTO_TEST_SUITE_END()
