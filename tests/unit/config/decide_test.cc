#include "config/policy/decide.h"

#include <boost/test/unit_test.hpp>

#include "config/yaml/policy_loader.h"
#include "support/policy_text.h"

namespace {

using schoolgate::config::CompiledPolicy;
using schoolgate::config::model::Action;

std::shared_ptr<const CompiledPolicy> compile(const std::string& text) {
    return schoolgate::test::compile_policy_text(text);
}

schoolgate::classifiers::Observations seen(const CompiledPolicy& policy, const std::string& host) {
    schoolgate::classifiers::Observations observations;
    observations.host = host;
    observations.service = policy.catalogue().match_host(host);
    return observations;
}

const schoolgate::WallTime kAnyTime{};

}  // namespace

BOOST_AUTO_TEST_SUITE(DecideTest)

BOOST_AUTO_TEST_CASE(first_matching_rule_wins_and_default_applies_otherwise) {
    const auto policy = compile(R"(school: {name: S}
rules:
  - {name: fb-monitor, services: [facebook], action: monitor, reason: Watched.}
  - {name: social-block, services: [social-media], action: block, reason: Blocked.}
default_action: allow
)");
    const schoolgate::config::Subject subject;
    auto fb = schoolgate::config::decide(*policy, subject, seen(*policy, "www.facebook.com"), kAnyTime);
    BOOST_TEST((fb.action == Action::Monitor));
    BOOST_TEST(fb.rule == "fb-monitor");
    auto ig = schoolgate::config::decide(*policy, subject, seen(*policy, "www.instagram.com"), kAnyTime);
    BOOST_TEST((ig.action == Action::Block));
    BOOST_TEST(ig.reason == "Blocked.");
    auto bbc = schoolgate::config::decide(*policy, subject, seen(*policy, "www.bbc.co.uk"), kAnyTime);
    BOOST_TEST((bbc.action == Action::Allow));
    BOOST_TEST(bbc.rule == "default");
}

BOOST_AUTO_TEST_CASE(lookalike_names_are_not_the_service) {
    const auto policy = compile("school: {name: S}\nrules:\n  - {name: b, services: [any], action: block, reason: x}\n");
    const schoolgate::config::Subject subject;
    for (const char* host : {"notfacebook.com", "myfacebook.com", "facebook.com.evil.example"}) {
        BOOST_TEST((schoolgate::config::decide(*policy, subject, seen(*policy, host), kAnyTime).action == Action::Allow),
                   host);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(LocalTimeTest)

BOOST_AUTO_TEST_CASE(school_time_follows_bst_and_gmt) {
    const auto policy = compile("school: {name: S}\nrules: []\n");
    const auto summer = policy->parse_local_time("2026-07-01T10:15:00");
    BOOST_REQUIRE(summer.has_value());
    BOOST_TEST(policy->local_time_text(*summer) == "2026-07-01T10:15:00.000+01:00");
    const auto winter = policy->parse_local_time("2026-03-04T10:15");
    BOOST_REQUIRE(winter.has_value());
    BOOST_TEST(policy->local_time_text(*winter) == "2026-03-04T10:15:00.000+00:00");
    // 10:15 BST is 09:15 UTC.
    BOOST_TEST(summer->time_since_epoch().count() % (86400LL * 1000000) == 9LL * 3600 * 1000000 + 15 * 60 * 1000000LL);
    BOOST_TEST(!policy->parse_local_time("04/03/2026 10:15").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
