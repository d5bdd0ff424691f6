#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "config/policy/decide_flow.h"
#include "config/yaml/policy_loader.h"

// The Hillside demo policy's circumvention section: who is blocked, who is only logged, and when a
// technique's confidence is too low to block.
namespace {

namespace bdata = boost::unit_test::data;
using namespace schoolgate::classifiers;
using schoolgate::config::CompiledPolicy;
using schoolgate::config::decide_flow;
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
    const char* who;
    Technique technique;
    Confidence confidence;
    const char* classifier;
    Action action;
    const char* rule;
    const char* technique_action;
};
std::ostream& operator<<(std::ostream& out, const Case& c) {
    return out << c.who << " " << technique_name(c.technique) << " " << confidence_name(c.confidence);
}

const Case kCases[] = {
    {"10.20.0.50", Technique::VpnOpenVpn, Confidence::High, "openvpn", Action::Block, "pupils-no-circumvention", "block"},
    {"10.20.0.50", Technique::DnsDoh, Confidence::Medium, "tls", Action::Block, "pupils-no-circumvention", "block"},
    {"10.40.0.9", Technique::Tor, Confidence::Medium, "tls", Action::Block, "pupils-no-circumvention", "block"},
    // Low-confidence signals are logged, never blocked (block_min_confidence: medium).
    {"10.20.0.50", Technique::Obfuscated, Confidence::Low, "", Action::Allow, "default", "block"},
    // Not in the pupils' list: logged only.
    {"10.20.0.50", Technique::TcpOutOfOrder, Confidence::Low, "tls", Action::Allow, "default", "log"},
    // Staff: logged, and the flow's event names the rule that says so (not "no rule matched").
    {"10.30.0.60", Technique::VpnWireGuard, Confidence::High, "wireguard", Action::Allow, "staff-circumvention-logged", "log"},
    // ... unless the signal is too weak to report (report_min_confidence: medium).
    {"10.30.0.60", Technique::Obfuscated, Confidence::Low, "", Action::Allow, "default", "log"},
    // The headteacher: no rule names the role, so the default (log) applies.
    {"10.30.0.10", Technique::ProxySocks, Confidence::High, "socks", Action::Allow, "default", "log"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(HillsideCircumventionTest)

BOOST_DATA_TEST_CASE(techniques_follow_the_roles, bdata::make(kCases), c) {
    const auto& policy = hillside();
    const auto subject = policy.subjects().identify(*schoolgate::net::IpAddress::parse(c.who), {}, 0);
    Observations observations;
    observations.classifier = c.classifier;
    observations.note_technique(c.technique, c.confidence, "test evidence");
    const auto at = *policy.parse_local_time("2026-03-04T10:15");
    const auto decision = decide_flow(policy, subject, observations, at);
    BOOST_TEST((decision.action == c.action));
    BOOST_TEST(std::string{decision.rule} == c.rule);
    BOOST_REQUIRE(decision.techniques.size() == 1u);
    BOOST_TEST(std::string{schoolgate::config::model::technique_action_name(decision.techniques[0].action)} ==
               c.technique_action);
    if (std::string{c.rule} != "default") BOOST_TEST(decision.reason.find("test evidence") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(quic_is_blocked_for_pupils_and_visitors_only) {
    const auto& policy = hillside();
    const auto at = *policy.parse_local_time("2026-03-04T12:30");
    Observations quic;
    quic.set_host("www.bbc.co.uk", HostSource::Quic, "quic");
    for (const auto* who : {"10.20.0.50", "10.40.0.9"}) {
        const auto decision = decide_flow(policy, policy.subjects().identify(*schoolgate::net::IpAddress::parse(who), {}, 0),
                                          quic, at);
        BOOST_TEST((decision.action == Action::Block));
        BOOST_TEST(std::string{decision.rule} == "block-quic");
        BOOST_TEST(decision.reason.find("fall back to TCP") != std::string::npos);
    }
    const auto staff = decide_flow(policy, policy.subjects().identify(*schoolgate::net::IpAddress::parse("10.30.0.60"), {}, 0),
                                   quic, at);
    BOOST_TEST((staff.action == Action::Allow));
}

BOOST_AUTO_TEST_CASE(a_service_block_explains_itself_first) {
    const auto& policy = hillside();
    const auto at = *policy.parse_local_time("2026-03-04T10:15");
    Observations observations;
    observations.set_host("www.instagram.com", HostSource::Socks, "socks");
    observations.service = policy.catalogue().find("instagram");
    observations.note_technique(Technique::ProxySocks, Confidence::High, "SOCKS5 CONNECT to www.instagram.com:443");
    const auto decision = decide_flow(policy, policy.subjects().identify(*schoolgate::net::IpAddress::parse("10.20.0.50"), {}, 0),
                                      observations, at);
    BOOST_TEST((decision.action == Action::Block));
    BOOST_TEST(std::string{decision.rule} == "pupils-never");
    BOOST_TEST(decision.techniques.front().blocks);
}

BOOST_AUTO_TEST_CASE(resolvers_and_indicators_are_compiled) {
    const auto& circumvention = hillside().circumvention();
    BOOST_TEST(circumvention.is_school_resolver(*schoolgate::net::IpAddress::parse("203.0.113.53")));
    BOOST_TEST(!circumvention.is_school_resolver(*schoolgate::net::IpAddress::parse("8.8.8.8")));
    BOOST_TEST((circumvention.indicators.match_host("dns.google") == Technique::DnsDoh));
    BOOST_TEST((circumvention.indicators.match_host("www.hidester.com") == Technique::ProxySite));
    BOOST_TEST((circumvention.indicators.match_address(*schoolgate::net::IpAddress::parse("1.1.1.1")) == Technique::DnsDoh));
    BOOST_TEST(circumvention.repeated_attempts == 5u);
    BOOST_TEST(circumvention.repeated_window_seconds == 600u);
}

BOOST_AUTO_TEST_SUITE_END()
