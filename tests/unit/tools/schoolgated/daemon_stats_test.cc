#include "tools/schoolgated/daemon_stats.h"

#include <nlohmann/json.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

using schoolgate::tools::daemon::DaemonStats;
using schoolgate::tools::daemon::stats_json;
using schoolgate::tools::daemon::stats_prometheus;

BOOST_AUTO_TEST_SUITE(DaemonStatsTest)

BOOST_AUTO_TEST_CASE(every_queue_error_count_is_shown) {
    DaemonStats stats;
    stats.mode = "inline";
    stats.queue_receive_errors = 3;
    stats.queue_malformed_messages = 2;
    const auto json = nlohmann::json::parse(stats_json(stats));
    BOOST_TEST(json["queue"]["receive_errors"].get<int>() == 3);
    BOOST_TEST(json["queue"]["malformed_messages"].get<int>() == 2);
    const auto text = stats_prometheus(stats);
    BOOST_TEST(text.find("\nschoolgate_queue_receive_errors_total 3\n") != std::string::npos);
    BOOST_TEST(text.find("\nschoolgate_queue_malformed_messages_total 2\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bypass_count_that_could_not_be_read_says_why) {
    DaemonStats stats;
    stats.mode = "inline";
    stats.bypassed_packets_error = "netlink: Operation not permitted";
    const auto json = nlohmann::json::parse(stats_json(stats));
    BOOST_TEST(json["bypassed_packets"].is_null());
    BOOST_TEST(json["bypassed_packets_error"].get<std::string>() == "netlink: Operation not permitted");
    BOOST_TEST(stats_prometheus(stats).find("bypassed_packets") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_working_bypass_count_reads_as_before) {
    DaemonStats stats;
    stats.mode = "inline";
    stats.bypassed_packets = 12;
    const auto json = nlohmann::json::parse(stats_json(stats));
    BOOST_TEST(json["bypassed_packets"].get<int>() == 12);
    BOOST_TEST(!json.contains("bypassed_packets_error"));
}

BOOST_AUTO_TEST_SUITE_END()
