#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"

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
