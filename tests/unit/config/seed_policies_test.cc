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

const std::string kShipped = "/config/catalogue/services.yaml";
// The catalogue before issue 16 added 19 services (facebook, instagram and x only), frozen.
const std::string kBefore = "/tests/unit/config/data/services-before-issue-16.yaml";

const CompiledPolicy& load(const std::string& name, const std::string& catalogue = kShipped) {
    static std::map<std::string, std::shared_ptr<const CompiledPolicy>> cache;
    auto& slot = cache[name + catalogue];
    if (!slot) {
        const std::string root = SG_SOURCE_DIR;
        auto loaded = schoolgate::config::yaml::load_policy(root + "/config/examples/" + name, root + catalogue);
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

// Issue 16: existing policies keep their meaning. Every seed school's policy, for everyone it names, at
// times across the week, for names of the three services the old catalogue had (and a site that is none),
// decides the same with the old catalogue and the new one. (The shipped social-media group now names 22
// services, so a school that used it now blocks TikTok too: that is the point, not a changed meaning.)
BOOST_AUTO_TEST_CASE(the_bigger_catalogue_keeps_every_seed_schools_verdicts_for_the_three_services) {
    const char* policies[] = {"perryfields.yaml", "bledington.yaml", "alternative-provision.yaml", "keystone.yaml",
                              "hillside.yaml", "demo-policy.yaml"};
    const char* people[] = {"10.20.0.50", "10.30.0.10", "10.30.0.15", "10.30.0.21", "10.30.0.60", "10.40.0.9", "192.0.2.1"};
    const char* hosts[] = {"www.facebook.com", "m.me", "static.xx.fbcdn.net", "www.instagram.com", "scontent.cdninstagram.com",
                           "x.com", "twitter.com", "pbs.twimg.com", "www.bbc.co.uk"};
    const char* times[] = {"2026-03-04T08:00", "2026-03-04T10:15", "2026-03-04T11:30", "2026-03-04T12:30",
                           "2026-03-04T16:30", "2026-03-04T20:00", "2026-03-07T10:00"};
    std::size_t compared = 0;
    for (const char* name : policies) {
        const auto& before = load(name, kBefore);
        const auto& after = load(name);
        for (const char* who : people) {
            const auto address = *schoolgate::net::IpAddress::parse(who);
            for (const char* host : hosts) {
                for (const char* at : times) {
                    const auto decide = [&](const CompiledPolicy& policy) {
                        schoolgate::classifiers::Observations observations;
                        observations.host = host;
                        observations.service = policy.catalogue().match_host(host);
                        return schoolgate::config::decide(policy, policy.subjects().identify(address, {}, 0), observations,
                                                          *policy.parse_local_time(at));
                    };
                    const auto old_decision = decide(before);
                    const auto new_decision = decide(after);
                    BOOST_TEST((old_decision.action == new_decision.action), name << " " << who << " " << host << " " << at);
                    BOOST_TEST(old_decision.rule == new_decision.rule, name << " " << who << " " << host << " " << at);
                    ++compared;
                }
            }
        }
    }
    BOOST_TEST(compared == 6u * 7u * 9u * 7u);
}

BOOST_AUTO_TEST_SUITE_END()
