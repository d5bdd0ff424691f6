#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "config/policy/decide.h"
#include "config/yaml/policy_loader.h"

// The Hillside demo policy (config/examples/hillside.yaml) decided for its people at chosen school times.
namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::config::CompiledPolicy;
using schoolgate::config::model::Action;

const CompiledPolicy& hillside() {
    static const auto policy = [] {
        const std::string root = SG_SOURCE_DIR;
        auto loaded = schoolgate::config::yaml::load_policy(root + "/config/examples/hillside.yaml",
                                                            root + "/config/catalogue/services.yaml");
        BOOST_REQUIRE(loaded.ok());
        auto compiled = schoolgate::config::compile_policy(std::move(loaded).value());
        BOOST_REQUIRE(compiled.ok());
        return compiled.value();
    }();
    return *policy;
}

struct Case {
    const char* who;   // an IP address
    const char* host;
    const char* at;    // school-local
    Action action;
    const char* rule;
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.who << " " << c.host << " " << c.at; }

const Case kCases[] = {
    // Pupils: never, whatever the time.
    {"10.20.0.50", "www.instagram.com", "2026-03-04T10:15", Action::Block, "pupils-never"},
    {"10.20.0.50", "x.com", "2026-03-07T10:15", Action::Block, "pupils-never"},  // Saturday
    {"10.20.0.50", "www.bbc.co.uk", "2026-03-04T10:15", Action::Allow, "default"},
    // Staff: blocked in lessons only.
    {"10.30.0.60", "www.facebook.com", "2026-03-04T10:15", Action::Block, "staff-not-in-lessons"},   // P2
    {"10.30.0.60", "www.facebook.com", "2026-03-04T11:05", Action::Allow, "default"},                // break
    {"10.30.0.60", "www.facebook.com", "2026-03-04T12:30", Action::Allow, "default"},                // lunch
    {"10.30.0.60", "www.facebook.com", "2026-03-04T15:15", Action::Allow, "default"},                // P5 ended
    {"10.30.0.60", "www.facebook.com", "2026-03-04T15:14", Action::Block, "staff-not-in-lessons"},   // P5 last minute
    {"10.30.0.60", "www.facebook.com", "2026-02-18T10:15", Action::Allow, "default"},                // half term
    {"10.30.0.60", "www.facebook.com", "2026-11-27T10:15", Action::Allow, "default"},                // INSET day
    {"10.30.0.60", "www.facebook.com", "2025-12-25T10:15", Action::Allow, "default"},                // Christmas
    {"10.30.0.60", "www.facebook.com", "2026-03-30T09:10", Action::Block, "staff-not-in-lessons"},   // first BST Monday
    {"10.30.0.60", "www.facebook.com", "2026-11-02T09:10", Action::Block, "staff-not-in-lessons"},   // back on GMT
    // The headteacher's laptop (a device on the staff network: the device wins).
    {"10.30.0.10", "www.instagram.com", "2026-03-04T10:15", Action::Allow, "headteacher-exempt"},
    // The office PC: exempt for facebook and x, not for instagram.
    {"10.30.0.12", "www.facebook.com", "2026-03-04T10:15", Action::Allow, "office-official-accounts"},
    {"10.30.0.12", "www.instagram.com", "2026-03-04T10:15", Action::Block, "staff-not-in-lessons"},
    {"10.30.0.12", "x.com", "2027-09-06T10:15", Action::Allow, "default"},  // exemption over; not term time
    // Visitors: never on premises.
    {"10.40.0.7", "www.facebook.com", "2026-03-04T12:30", Action::Block, "visitors-never"},
    // Unknown addresses meet only the default.
    {"192.0.2.1", "www.facebook.com", "2026-03-04T10:15", Action::Allow, "default"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(HillsideDecideTest)

BOOST_DATA_TEST_CASE(verdicts_follow_the_hillside_rules, bdata::make(kCases), c) {
    const auto& policy = hillside();
    const auto subject = policy.subjects().identify(*schoolgate::net::IpAddress::parse(c.who), {}, 0);
    schoolgate::classifiers::Observations observations;
    observations.host = c.host;
    observations.service = policy.catalogue().match_host(c.host);
    const auto at = policy.parse_local_time(c.at);
    BOOST_REQUIRE(at.has_value());
    const auto decision = schoolgate::config::decide(policy, subject, observations, *at);
    BOOST_TEST((decision.action == c.action));
    BOOST_TEST(decision.rule == c.rule);
}

BOOST_AUTO_TEST_CASE(device_beats_network_and_mac_beats_ip) {
    const auto& subjects = hillside().subjects();
    const auto head = subjects.identify(*schoolgate::net::IpAddress::parse("10.30.0.10"), {}, 0);
    BOOST_TEST(head.role == "headteacher");
    BOOST_TEST(head.device == "head-laptop");
    BOOST_TEST(head.network.empty());
    const auto staff = subjects.identify(*schoolgate::net::IpAddress::parse("10.30.0.99"), {}, 0);
    BOOST_TEST(staff.role == "staff");
    BOOST_TEST(staff.network == "staff-wifi");
    BOOST_TEST(subjects.identify(*schoolgate::net::IpAddress::parse("10.50.0.1"), {}, 0).role == "unknown");
}

BOOST_AUTO_TEST_CASE(exemption_window_is_from_start_of_first_day_to_end_of_last) {
    const auto& policy = hillside();
    const auto office = policy.subjects().identify(*schoolgate::net::IpAddress::parse("10.30.0.12"), {}, 0);
    schoolgate::classifiers::Observations fb;
    fb.service = policy.catalogue().find("facebook");
    const auto last_minute = policy.parse_local_time("2027-07-31T23:59");
    const auto after = policy.parse_local_time("2027-08-01T00:00");
    BOOST_TEST(schoolgate::config::decide(policy, office, fb, *last_minute).exemption != nullptr);
    BOOST_TEST(schoolgate::config::decide(policy, office, fb, *after).exemption == nullptr);
}

BOOST_AUTO_TEST_CASE(explain_says_why_earlier_rules_missed) {
    const auto& policy = hillside();
    const auto staff = policy.subjects().identify(*schoolgate::net::IpAddress::parse("10.30.0.60"), {}, 0);
    schoolgate::classifiers::Observations fb;
    fb.service = policy.catalogue().find("facebook");
    std::vector<schoolgate::config::RuleMiss> misses;
    const auto decision = schoolgate::config::decide(policy, staff, fb, *policy.parse_local_time("2026-03-04T12:30"), &misses);
    BOOST_TEST(decision.rule == "default");
    BOOST_REQUIRE_EQUAL(misses.size(), 4u);
    BOOST_TEST(misses[0].why == "applies to headteacher, not staff");
    BOOST_TEST(misses[3].why == "only when lesson; it is Wednesday Lunch (lunch), Spring term");
}

BOOST_AUTO_TEST_SUITE_END()
