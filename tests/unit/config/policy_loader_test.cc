#include "config/yaml/policy_loader.h"

#include <boost/test/unit_test.hpp>

#include "config/policy/compiled_policy.h"
#include "support/temp_file.h"

namespace {

using schoolgate::test::TempFile;

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";

// Every message of a failed load, each as FILE:LINE:COL: path: message with FILE replaced by "P".
std::vector<std::string> load_errors(const TempFile& policy) {
    auto loaded = schoolgate::config::yaml::load_policy(policy.path(), kCatalogue);
    std::vector<std::string> messages;
    if (loaded.ok()) {
        auto compiled = schoolgate::config::compile_policy(std::move(loaded).value());
        if (compiled.ok()) return messages;
        for (const auto& e : compiled.error()) messages.push_back(e.to_string());
    } else {
        for (const auto& e : loaded.error()) messages.push_back(e.to_string());
    }
    for (auto& m : messages) {
        if (m.rfind(policy.path(), 0) == 0) m.replace(0, policy.path().size(), "P");
    }
    return messages;
}

const char* kValid = R"(school:
  name: Test School
rules:
  - name: no-social
    services: [social-media]
    action: block
    reason: Not at school.
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(PolicyLoaderTest)

BOOST_AUTO_TEST_CASE(valid_policy_loads_with_catalogue_services) {
    TempFile policy{kValid};
    auto loaded = schoolgate::config::yaml::load_policy(policy.path(), kCatalogue);
    BOOST_REQUIRE(loaded.ok());
    BOOST_TEST(loaded.value().school.name == "Test School");
    BOOST_TEST(loaded.value().school.time_zone == "Europe/London");
    BOOST_TEST(loaded.value().services.size() == 22u);
    BOOST_TEST(load_errors(policy).empty());
}

BOOST_AUTO_TEST_CASE(unknown_key_is_located_with_a_suggestion) {
    TempFile policy{"school:\n  name: S\n  time_zon: Europe/London\nrules: []\n"};
    const std::vector<std::string> expected{
        "P:3:3: school: unknown key 'time_zon' (did you mean 'time_zone'?)"};
    BOOST_TEST(load_errors(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_mistake_is_reported_at_once) {
    TempFile policy{R"(school:
  name: S
rules:
  - name: r1
    services: [facebok]
    action: deny
    reason: x
  - name: r2
    services: [x]
    action: block
)"};
    const std::vector<std::string> expected{
        "P:6:13: rules[0].action: 'deny' is not an action (use allow, block or monitor)",
        "P:8:5: rules[1].reason: is required but missing (add it here)",
    };
    BOOST_TEST(load_errors(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_service_in_rule_suggests_the_near_name) {
    TempFile policy{"school: {name: S}\nrules:\n  - {name: r, services: [facebok], action: block, reason: x}\n"};
    const std::vector<std::string> expected{
        "P:3:26: rules[0].services[0]: unknown service or group 'facebok' (did you mean 'facebook'? use a name "
        "from the catalogue, a group, or 'any')"};
    BOOST_TEST(load_errors(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rule_that_can_never_match_is_refused) {
    TempFile policy{R"(school: {name: S}
rules:
  - {name: all-social, services: [social-media], action: block, reason: x}
  - {name: fb-monitor, services: [facebook], action: monitor, reason: y}
)"};
    const std::vector<std::string> expected{
        "P:4:5: rules[1]: rule 'fb-monitor' can never match because rule 'all-social' above it always matches "
        "first (move it above 'all-social' or remove it)"};
    BOOST_TEST(load_errors(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unknown_time_zone_is_refused) {
    TempFile policy{"school:\n  name: S\n  time_zone: Europe/Londn\nrules: []\n"};
    const std::vector<std::string> expected{
        "P:3:14: school.time_zone: unknown time zone 'Europe/Londn' (use an IANA name such as Europe/London)"};
    BOOST_TEST(load_errors(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bad_domain_and_range_in_school_services) {
    TempFile policy{R"(school: {name: S}
services:
  tiktok:
    domains: [tiktok.com, "https://tiktok.com/"]
    ip_ranges: [10.0.0.1/8]
rules: []
)"};
    const std::vector<std::string> expected{
        "P:4:27: services.tiktok.domains[1]: 'https://tiktok.com/' is not a domain name (write it as example.com: "
        "no scheme, path or wildcard)",
        "P:5:17: services.tiktok.ip_ranges[0]: '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?) (write a "
        "block as 157.240.0.0/16 or 2a03:2880::/32)"};
    BOOST_TEST(load_errors(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error_is_located) {
    TempFile policy{"school:\n  name: [unclosed\nrules: []\n"};
    const auto errors = load_errors(policy);
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    BOOST_TEST(errors[0].rfind("P:", 0) == 0u);
    BOOST_TEST(errors[0].find("(fix the YAML syntax here)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_file_is_named) {
    auto loaded = schoolgate::config::yaml::load_policy("/nonexistent/policy.yaml", kCatalogue);
    BOOST_REQUIRE(!loaded.ok());
    BOOST_TEST(loaded.error().front().to_string() ==
               "/nonexistent/policy.yaml: cannot read the file (check the path and that it is a regular file)");
}

BOOST_AUTO_TEST_CASE(school_extends_a_catalogue_service) {
    TempFile policy{R"(school: {name: S}
services:
  facebook: {domains: [facebook-school-mirror.example]}
  tiktok: {display_name: TikTok, domains: [tiktok.com]}
groups:
  video: [tiktok]
rules:
  - {name: r, services: [social-media, video], action: block, reason: x}
)"};
    auto loaded = schoolgate::config::yaml::load_policy(policy.path(), kCatalogue);
    BOOST_REQUIRE(loaded.ok());
    auto compiled = schoolgate::config::compile_policy(std::move(loaded).value());
    BOOST_REQUIRE(compiled.ok());
    const auto& catalogue = compiled.value()->catalogue();
    BOOST_TEST(catalogue.name(catalogue.match_host("www.facebook-school-mirror.example")) == "facebook");
    BOOST_TEST(catalogue.name(catalogue.match_host("m.facebook.com")) == "facebook");
    BOOST_TEST(catalogue.name(catalogue.match_host("vm.tiktok.com")) == "tiktok");
    BOOST_TEST(catalogue.name(catalogue.match_host("api22-normal-c-alisg.tiktokv.com")) == "tiktok");  // the shipped tiktok's
    BOOST_TEST(catalogue.size() == 22u);  // tiktok is the catalogue's own since issue 16: the school's extends it
}

BOOST_AUTO_TEST_SUITE_END()
