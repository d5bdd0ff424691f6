#include "gateway/daemon/daemon_setup_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "config/yaml/daemon_config_reader.h"
#include "config/yaml/policy_loader.h"
#include "support/temp_directory.h"

namespace {

using schoolgate::gateway::daemon::SetupScope;
using schoolgate::test::TempDirectory;

const std::string kPolicy = R"(school: {name: S}
networks:
  - {name: pupil-wifi, cidr: 10.20.0.0/16, role: pupil}
  - {name: staff-wifi, cidr: 10.30.0.0/16, role: staff}
  - {name: hall-vlan, vlan: 40, role: visitor}
rules: []
)";

/// A gateway's files in a fresh directory: the policy, an event log directory and schoolgated.yaml.
class Gateway {
public:
    explicit Gateway(const std::string& daemon_text) {
        write("policy.yaml", kPolicy);
        ::mkdir((dir_.path() + "/events").c_str(), 0750);
        write("schoolgated.yaml", "policy: policy.yaml\nuser: \"\"\nevents: {directory: " + dir_.path() + "/events}\n" + daemon_text);
    }

    void write(const std::string& name, const std::string& text) {
        std::ofstream{dir_.path() + "/" + name} << text;
        ::chmod((dir_.path() + "/" + name).c_str(), 0640);
    }
    std::string path(const std::string& name) const { return dir_.path() + "/" + name; }

    /// Every error, "FILE" standing for the directory.
    std::vector<std::string> errors(SetupScope scope = SetupScope::ThisGateway) const {
        auto daemon = schoolgate::config::yaml::load_daemon_config(path("schoolgated.yaml"));
        BOOST_REQUIRE(daemon.ok());
        auto policy = schoolgate::config::yaml::load_and_compile_policy(
            daemon.value().policy_file, std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml");
        BOOST_REQUIRE(policy.ok());
        std::vector<std::string> out;
        for (const auto& error : schoolgate::gateway::daemon::check_daemon_setup(daemon.value(), *policy.value(), scope)) {
            auto text = error.to_string();
            for (auto at = text.find(dir_.path()); at != std::string::npos; at = text.find(dir_.path())) {
                text.replace(at, dir_.path().size(), "DIR");
            }
            out.push_back(text);
        }
        return out;
    }

private:
    TempDirectory dir_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(DaemonSetupCheckTest)

BOOST_AUTO_TEST_CASE(a_good_inline_config_passes) {
    const Gateway gateway{"mode: inline\ninline: {fail_closed_networks: [pupil-wifi]}\n"};
    BOOST_TEST(gateway.errors().empty());
}

// Issue 15, item 5: --check accepted a misspelt network that `firewall install` (ExecStartPre) refused.
BOOST_AUTO_TEST_CASE(a_fail_closed_network_the_policy_lacks_is_located_with_a_suggestion) {
    const Gateway gateway{"mode: inline\ninline:\n  fail_closed_networks: [staff-wifi, pupil-wifii]\n"};
    const std::vector<std::string> expected{
        "DIR/schoolgated.yaml:6:38: inline.fail_closed_networks[1]: 'pupil-wifii' is not a network of the policy "
        "DIR/policy.yaml (did you mean 'pupil-wifi'? the policy's networks are pupil-wifi, staff-wifi or hall-vlan)"};
    BOOST_TEST(gateway.errors() == expected, boost::test_tools::per_element());
    BOOST_TEST(gateway.errors(SetupScope::AnyMachine) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_fail_closed_network_known_only_by_vlan_could_never_fail_closed) {
    const Gateway gateway{"mode: inline\ninline: {fail_closed_networks: [hall-vlan]}\n"};
    const std::vector<std::string> expected{
        "DIR/schoolgated.yaml:5:33: inline.fail_closed_networks[0]: 'hall-vlan' is known only by VLAN id, so no queue "
        "rule can cover it and it would never fail closed (give it a cidr: in the policy)"};
    BOOST_TEST(gateway.errors() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fail_closed_networks_in_passive_mode_would_cut_them_off) {
    const Gateway gateway{"mode: passive\npassive: {interface: lo}\ninline: {fail_closed_networks: [pupil-wifi]}\n"};
    const std::vector<std::string> expected{
        "DIR/schoolgated.yaml:6:32: inline.fail_closed_networks: in passive mode nothing answers the queues, so a "
        "fail-closed network would have no internet at all (empty this list, or use mode: inline)"};
    BOOST_TEST(gateway.errors(SetupScope::AnyMachine) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_passive_interface_this_machine_lacks_is_refused_naming_the_real_ones) {
    const Gateway gateway{"mode: passive\npassive: {interface: lo0}\n"};
    const auto errors = gateway.errors();
    BOOST_REQUIRE_EQUAL(errors.size(), 1u);
    // The rest of the list depends on the machine; every machine has lo.
    const std::string start = "DIR/schoolgated.yaml:5:22: passive.interface: this machine has no interface 'lo0' (did "
                              "you mean 'lo'? its interfaces are lo";
    BOOST_TEST(errors.front().substr(0, start.size()) == start);
    BOOST_TEST(gateway.errors(SetupScope::AnyMachine).empty());
}

BOOST_AUTO_TEST_CASE(a_passive_interface_that_exists_passes_and_inline_mode_ignores_it) {
    BOOST_TEST(Gateway{"mode: passive\npassive: {interface: lo}\n"}.errors().empty());
    BOOST_TEST(Gateway{"mode: inline\npassive: {interface: no-such-if0}\n"}.errors().empty());
}

BOOST_AUTO_TEST_CASE(an_event_directory_that_is_missing_or_world_writable_is_refused) {
    Gateway gateway{"mode: inline\n"};
    gateway.write("schoolgated.yaml", "mode: inline\npolicy: policy.yaml\nuser: \"\"\nevents:\n  directory: " + gateway.path("missing") + "\n");
    BOOST_TEST(gateway.errors() ==
                   std::vector<std::string>{"DIR/schoolgated.yaml:5:14: events.directory: cannot use 'DIR/missing': No "
                                            "such file or directory (create it: install -d -o root -m 0750 DIR/missing)"},
               boost::test_tools::per_element());
    ::chmod(gateway.path("events").c_str(), 0777);
    gateway.write("schoolgated.yaml", "mode: inline\npolicy: policy.yaml\nuser: \"\"\nevents: {directory: " + gateway.path("events") + "}\n");
    BOOST_TEST(gateway.errors() ==
                   std::vector<std::string>{"DIR/schoolgated.yaml:4:21: events.directory: 'DIR/events' is world-writable, "
                                            "so anyone could replace or remove the evidence (chmod o-w DIR/events)"},
               boost::test_tools::per_element());
    BOOST_TEST(gateway.errors(SetupScope::AnyMachine).empty());
}

BOOST_AUTO_TEST_CASE(a_policy_anyone_could_change_is_refused) {
    const Gateway gateway{"mode: inline\n"};
    ::chmod(gateway.path("policy.yaml").c_str(), 0666);
    BOOST_TEST(gateway.errors() ==
                   std::vector<std::string>{"DIR/policy.yaml: writable by every user on this machine, so anyone could "
                                            "change the school's filtering (fix: chmod o-w DIR/policy.yaml)"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_missing_user_is_refused_when_the_daemon_would_change_to_it) {
    Gateway gateway{""};
    gateway.write("schoolgated.yaml", "mode: inline\npolicy: policy.yaml\nuser: sg-no-such-user\nevents: {directory: " + gateway.path("events") + "}\n");
    const auto errors = gateway.errors();
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("not root: the daemon keeps its user, so the check does too");
        BOOST_TEST(errors.empty());
        return;
    }
    BOOST_TEST(errors == std::vector<std::string>{"DIR/schoolgated.yaml:3:7: user: no user 'sg-no-such-user' on this "
                                                  "machine (create it: adduser --system --group sg-no-such-user)"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
