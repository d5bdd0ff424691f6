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
    BOOST_TEST(daemon.inline_mode.inspect_packets == 20u);
    BOOST_TEST(daemon.user == "schoolgate");
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
