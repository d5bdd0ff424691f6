#include "gateway/daemon/ipv6_prefix_warning.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "config/yaml/daemon_config_reader.h"
#include "config/yaml/policy_loader.h"
#include "support/temp_directory.h"

namespace {

using schoolgate::test::TempDirectory;

/// The warnings for this policy and these fail-closed networks, the directory written as DIR.
std::vector<std::string> warnings(const std::string& networks, const std::string& fail_closed) {
    TempDirectory dir;
    std::ofstream{dir.path() + "/policy.yaml"} << "school: {name: S}\nnetworks:\n" << networks << "rules: []\n";
    std::ofstream{dir.path() + "/schoolgated.yaml"} << "mode: inline\npolicy: policy.yaml\nuser: \"\"\ninline: {fail_closed_networks: ["
                                                    << fail_closed << "]}\n";
    auto daemon = schoolgate::config::yaml::load_daemon_config(dir.path() + "/schoolgated.yaml");
    BOOST_REQUIRE(daemon.ok());
    auto policy = schoolgate::config::yaml::load_and_compile_policy(
        daemon.value().policy_file, std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml");
    BOOST_REQUIRE(policy.ok());
    std::vector<std::string> out;
    for (const auto& warning : schoolgate::gateway::daemon::ipv6_prefix_warnings(daemon.value(), *policy.value())) {
        auto text = warning.to_string();
        text.replace(0, dir.path().size(), "DIR");
        out.push_back(text);
    }
    return out;
}

const std::string kIpv4Only = "  - {name: pupil-wifi, cidr: 10.20.0.0/16, role: pupil}\n"
                              "  - {name: staff-wifi, cidr: 10.30.0.0/16, role: staff}\n";

BOOST_AUTO_TEST_SUITE(Ipv6PrefixWarningTest)

BOOST_AUTO_TEST_CASE(a_fail_closed_network_with_no_ipv6_prefix_is_warned_about_with_what_to_do) {
    const auto found = warnings(kIpv4Only, "pupil-wifi");
    BOOST_TEST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].rfind("DIR/schoolgated.yaml:4:", 0) == 0u, found[0]);
    BOOST_TEST(found[0].find("inline.fail_closed_networks[0]: 'pupil-wifi' lists no IPv6 prefix: its devices' IPv6 is "
                             "queued") != std::string::npos, found[0]);
    BOOST_TEST(found[0].find("{name: pupil-wifi-v6, cidr: 2001:db8:20::/64, role: pupil}") != std::string::npos, found[0]);
}

BOOST_AUTO_TEST_CASE(a_fail_closed_ipv6_prefix_for_the_role_silences_it) {
    BOOST_TEST(warnings(kIpv4Only + "  - {name: pupil-v6, cidr: '2001:db8:20::/64', role: pupil}\n", "pupil-wifi, pupil-v6").empty());
    BOOST_TEST(warnings(kIpv4Only, "").empty());
}

BOOST_AUTO_TEST_CASE(a_prefix_listed_but_not_fail_closed_says_the_others_are_not_queued) {
    const auto found = warnings(kIpv4Only + "  - {name: staff-v6, cidr: '2001:db8:30::/64', role: staff}\n", "pupil-wifi");
    BOOST_TEST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found[0].find("only those are queued") != std::string::npos, found[0]);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
