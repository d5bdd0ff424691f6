#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <map>

#include "config/policy/decide.h"
#include "config/yaml/policy_loader.h"

// The seed schools' own policies (config/examples/), each decided at chosen school times.
namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::config::CompiledPolicy;
using schoolgate::config::model::Action;

const CompiledPolicy& load(const std::string& name) {
    static std::map<std::string, std::shared_ptr<const CompiledPolicy>> cache;
    auto& slot = cache[name];
    if (!slot) {
        const std::string root = SG_SOURCE_DIR;
        auto loaded = schoolgate::config::yaml::load_policy(root + "/config/examples/" + name, root + "/config/catalogue/services.yaml");
        BOOST_REQUIRE(loaded.ok());
        auto compiled = schoolgate::config::compile_policy(std::move(loaded).value());
        BOOST_REQUIRE(compiled.ok());
        slot = compiled.value();
    }
    return *slot;
}

struct Case {
    const char* policy;
    const char* who;
    const char* host;
    const char* at;
    Action action;
    const char* rule;
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.policy << " " << c.who << " " << c.host << " " << c.at; }

const Case kCases[] = {
    // Perryfields: nobody, except with the headteacher's permission (an exemption: one class, one period).
    {"perryfields.yaml", "10.30.0.10", "www.facebook.com", "2026-03-04T12:30", Action::Block, "nobody-on-social-media"},
    {"perryfields.yaml", "10.20.0.50", "x.com", "2026-03-04T16:30", Action::Block, "nobody-on-social-media"},
    {"perryfields.yaml", "10.30.0.21", "www.facebook.com", "2026-03-04T11:30", Action::Allow, "class4-e-safety-lesson"},
    {"perryfields.yaml", "10.30.0.21", "www.facebook.com", "2026-03-04T13:30", Action::Block, "nobody-on-social-media"},
    {"perryfields.yaml", "10.30.0.21", "www.instagram.com", "2026-03-04T11:30", Action::Block, "nobody-on-social-media"},
    // Bledington: staff never on premises, with the core-hours reason in school hours.
    {"bledington.yaml", "10.30.0.60", "www.facebook.com", "2026-03-04T12:30", Action::Block, "staff-not-in-core-hours"},
    {"bledington.yaml", "10.30.0.60", "www.facebook.com", "2026-03-04T17:00", Action::Block, "staff-not-on-premises"},
    {"bledington.yaml", "10.40.0.9", "www.instagram.com", "2026-03-07T10:00", Action::Block, "visitors-never-on-premises"},
    {"bledington.yaml", "10.20.0.50", "x.com", "2026-03-04T10:15", Action::Block, "pupils-never"},
    // Alternative provision: staff not while teaching; the official-accounts lead exempt, SoundCloud included.
    {"alternative-provision.yaml", "10.30.0.60", "soundcloud.com", "2026-03-04T10:15", Action::Block, "staff-not-while-teaching"},
    {"alternative-provision.yaml", "10.30.0.60", "soundcloud.com", "2026-03-04T12:30", Action::Allow, "default"},
    {"alternative-provision.yaml", "10.30.0.15", "soundcloud.com", "2026-03-04T10:15", Action::Allow, "official-accounts"},
    {"alternative-provision.yaml", "10.30.0.15", "www.instagram.com", "2026-03-04T10:15", Action::Block, "staff-not-while-teaching"},
    // Keystone: staff monitored (allowed and logged), pupils blocked.
    {"keystone.yaml", "10.30.0.60", "www.facebook.com", "2026-03-04T10:15", Action::Monitor, "staff-monitored"},
    {"keystone.yaml", "10.20.0.50", "www.facebook.com", "2026-03-04T12:30", Action::Block, "pupils-never"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(SeedPoliciesTest)

BOOST_DATA_TEST_CASE(each_school_gets_what_its_policy_says, bdata::make(kCases), c) {
    const auto& policy = load(c.policy);
    const auto subject = policy.subjects().identify(*schoolgate::net::IpAddress::parse(c.who), {}, 0);
    schoolgate::classifiers::Observations observations;
    observations.host = c.host;
    observations.service = policy.catalogue().match_host(c.host);
    const auto decision = schoolgate::config::decide(policy, subject, observations, *policy.parse_local_time(c.at));
    BOOST_TEST((decision.action == c.action));
    BOOST_TEST(decision.rule == c.rule);
}

BOOST_AUTO_TEST_SUITE_END()
