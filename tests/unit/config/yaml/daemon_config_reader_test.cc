#include "config/yaml/daemon_config_reader.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "support/temp_file.h"

namespace schoolgate::config::yaml {
namespace {

std::string errors_of(const std::string& text) {
    const test::TempFile file{text};
    const auto loaded = load_daemon_config(file.path());
    if (loaded.ok()) return "";
    std::string out;
    for (const auto& error : loaded.error()) {
        // Drop the temporary file's name; keep line, column, path and message.
        auto line = error.to_string();
        out += line.substr(line.find(':') + 1) + "\n";
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(DaemonConfigReaderTest)

BOOST_AUTO_TEST_CASE(shipped_example_reads_with_paths_beside_it) {
    const auto loaded = load_daemon_config(SG_SOURCE_DIR "/config/examples/schoolgated.yaml");
    BOOST_REQUIRE(loaded.ok());
    const auto& daemon = loaded.value();
    BOOST_TEST((daemon.mode == model::DaemonModel::Mode::Inline));
    BOOST_TEST(daemon.policy_file == SG_SOURCE_DIR "/config/examples/hillside.yaml");
    BOOST_TEST(daemon.events.directory == "/var/log/schoolgate");
    BOOST_TEST(daemon.events.max_file_bytes == 64u * 1024 * 1024);
    BOOST_TEST(daemon.inline_mode.inspect_packets == 600u);
    BOOST_TEST(daemon.user == "schoolgate");
}

// The places later checks (check_daemon_setup: the policy's networks, the machine's interfaces) point at.
BOOST_AUTO_TEST_CASE(each_value_keeps_its_place_for_later_checks) {
    const test::TempFile file{"mode: passive\npolicy: p.yaml\npassive:\n  interface: eth9\ninline:\n  fail_closed_networks: [a, b]\n"};
    const auto loaded = load_daemon_config(file.path());
    BOOST_REQUIRE(loaded.ok());
    const auto& daemon = loaded.value();
    const auto at = [&](const std::string& path) {
        const auto mark = daemon.mark_of(path);
        BOOST_TEST(mark.file == file.path());
        return std::to_string(mark.line) + ":" + std::to_string(mark.column);
    };
    BOOST_TEST(at("mode") == "1:7");
    BOOST_TEST(at("passive.interface") == "4:14");
    BOOST_TEST(at("inline.fail_closed_networks[1]") == "6:29");
    BOOST_TEST(at("passive.bpf_filter") == "4:3");  // not written: its section
    BOOST_TEST(at("stats.socket") == "0:0");        // no section either: the file alone
}

BOOST_AUTO_TEST_CASE(every_mistake_is_named_with_its_place) {
    BOOST_TEST(errors_of("mode: inlin\npolicy: p.yaml\ninline: {queues: 0, inspect_pakets: 5}\n"
                         "events: {retention_days: 0, syslog_facility: local9}\n") ==
               "1:7: mode: must be inline (NFQUEUE, enforcing) or passive (a mirror port, logging only)\n"
               "3:18: inline.queues: must be a whole number from 1 to 64\n"
               "3:21: inline: unknown key 'inspect_pakets' (did you mean 'inspect_packets'?)\n"
               "4:26: events.retention_days: must be a whole number from 1 to 3660\n"
               "4:46: events.syslog_facility: unknown syslog facility 'local9' (use user, daemon or local0 .. local7)\n");
}

BOOST_AUTO_TEST_CASE(policy_is_required_and_passive_needs_an_interface) {
    const auto text = errors_of("mode: passive\npassive: {}\n");
    BOOST_TEST(text.find("policy") != std::string::npos);
    BOOST_TEST(text.find("passive.interface") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::config::yaml
