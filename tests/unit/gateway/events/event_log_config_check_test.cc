#include "gateway/events/event_log_config_check.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <syslog.h>
#include <vector>

#include "gateway/events/syslog_copy.h"

namespace schoolgate::gateway::events {
namespace {

std::vector<std::string> messages(const config::ConfigErrors& errors) {
    std::vector<std::string> texts;
    for (const auto& error : errors) texts.push_back(error.path + ": " + error.message);
    return texts;
}

BOOST_AUTO_TEST_SUITE(EventLogConfigCheckTest)

BOOST_AUTO_TEST_CASE(the_defaults_are_valid) { BOOST_TEST(check_event_log_config(EventLogConfig{}).empty()); }

BOOST_AUTO_TEST_CASE(every_mistake_is_reported) {
    EventLogConfig config;
    config.directory = "var/log";
    config.base_name = "../events";
    config.max_file_bytes = 0;
    config.queue_capacity = 0;
    config.syslog_facility = "local8";
    const std::vector<std::string> expected{
        "events.directory: 'var/log' is not an absolute path (e.g. /var/log/schoolgate)",
        "events.base_name: '../events' is not a plain file name (e.g. events)",
        "events.max_file_bytes: must be at least 1 (e.g. 67108864)",
        "events.queue_capacity: must be at least 1 (e.g. 65536)",
        "events.syslog_facility: unknown syslog facility 'local8' (use local0 .. local7, daemon or user)",
    };
    BOOST_TEST(messages(check_event_log_config(config)) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(syslog_facilities_by_name) {
    BOOST_TEST(parse_syslog_facility("local0").value() == LOG_LOCAL0);
    BOOST_TEST(parse_syslog_facility("local7").value() == LOG_LOCAL7);
    BOOST_TEST(parse_syslog_facility("daemon").value() == LOG_DAEMON);
    BOOST_TEST(parse_syslog_facility("user").value() == LOG_USER);
    for (const char* bad : {"LOCAL0", "local", "kern", "auth", "", " local0"}) {
        BOOST_TEST(!parse_syslog_facility(bad).ok(), bad);
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
