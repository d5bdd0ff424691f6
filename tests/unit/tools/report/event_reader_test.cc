#include "tools/report/event_reader.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/tools/report/report_test_events.h"
#include "tools/report/event_parser.h"
#include "tools/report/limits.h"

using namespace schoolgate::tools::report;
using testing::read_text;
using testing::verdict_line;

BOOST_AUTO_TEST_SUITE(EventReaderTest)

BOOST_AUTO_TEST_CASE(reads_verdict_circumvention_alert_and_gap_events) {
    const auto log = read_text(
        verdict_line("2026-03-04T10:15:00.041Z", "block", "facebook") + "\n" +
        R"({"ts":"2026-03-04T10:16:00.000Z","event":"circumvention","verdict":"block","techniques":["vpn.openvpn"]})" "\n"
        R"({"ts":"2026-03-04T10:17:00.000Z","event":"alert","alert":"repeated_attempts","attempts":5,"services":["facebook","x"]})" "\n"
        R"({"ts":"2026-03-04T10:18:00.000Z","event":"gap","since":"2026-03-04T10:17:30.000Z","lost":12,"cause":"queue_full"})" "\n");
    BOOST_TEST(log.events.size() == 4u);
    BOOST_TEST(log.skipped.empty());
    BOOST_TEST(log.lines == 4u);
    BOOST_TEST(log.events[0].host == "www.facebook.com");
    BOOST_TEST(*log.events[0].dst_port == 443);
    BOOST_TEST((log.events[1].kind == EventKind::Circumvention));
    BOOST_TEST(log.events[1].techniques.at(0) == "vpn.openvpn");
    BOOST_TEST(log.events[2].service == "facebook;x");
    BOOST_TEST(log.events[2].attempts == 5);
    BOOST_TEST(log.events[3].lost == 12);
    BOOST_TEST((log.events[3].gap_since_ts < log.events[3].ts));
}

BOOST_AUTO_TEST_CASE(truncated_last_line_is_skipped_with_its_line_number) {
    const std::string whole = verdict_line("2026-03-04T10:15:00.000Z", "block", "facebook");
    const auto log = read_text(whole + "\n" + whole + "\n" + whole.substr(0, 70), "daemon.jsonl");
    BOOST_TEST(log.events.size() == 2u);
    BOOST_REQUIRE(log.skipped.size() == 1u);
    BOOST_TEST(log.skipped[0].file == "daemon.jsonl");
    BOOST_TEST(log.skipped[0].line == 3u);
    BOOST_TEST(log.skipped[0].reason.find("not valid JSON") == 0u);
    BOOST_TEST(log.skipped[0].reason.find("no newline") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(garbage_wrong_types_and_missing_ts_are_skipped) {
    const auto log = read_text(std::string{"\0\0\0\0", 4} + "\n" +  // a crash can leave NUL blocks
                               "not json at all\n"
                               "[1,2,3]\n"
                               R"({"event":"verdict"})" "\n"
                               R"({"ts":"2026-02-30T10:00:00.000Z","event":"verdict"})" "\n"
                               R"({"ts":"2026-03-04T10:00:00.000Z","event":"verdict","host":42})" "\n"
                               R"({"ts":"2026-03-04T10:00:00.000Z","event":"verdict","techniques":"tor"})" "\n"
                               R"({"ts":"2026-03-04T10:00:00.000Z","verdict":"block"})" "\n"
                               "\n   \n");
    BOOST_TEST(log.events.empty());
    BOOST_REQUIRE(log.skipped.size() == 8u);
    BOOST_TEST(log.skipped[2].reason == "not a JSON object");
    BOOST_TEST(log.skipped[3].reason == "'ts' is missing or not an RFC 3339 UTC time");
    BOOST_TEST(log.skipped[4].reason == "'ts' is missing or not an RFC 3339 UTC time");
    BOOST_TEST(log.skipped[5].reason == "'host' is not a string");
    BOOST_TEST(log.skipped[6].reason == "'techniques' is not a list of strings");
    BOOST_TEST(log.skipped[7].reason == "no 'event' field");
    BOOST_TEST(log.skipped[7].line == 8u);
    BOOST_TEST(log.lines == 8u);  // blank lines are not counted
}

BOOST_AUTO_TEST_CASE(unknown_kinds_are_counted_not_used) {
    const auto log = read_text(R"({"ts":"2026-03-04T10:00:00.000Z","event":"policy_reload"})" "\n"
                               R"({"ts":"2026-03-04T10:00:00.000Z","event":"policy_reload"})" "\n"
                               R"({"ts":"2026-03-04T10:00:00.000Z","event":"anomaly"})" "\n");
    BOOST_TEST(log.events.empty());
    BOOST_TEST(log.skipped.empty());
    BOOST_TEST(log.unknown_total() == 3u);
    BOOST_TEST(log.unknown_kinds.at("policy_reload") == 2u);
}

BOOST_AUTO_TEST_CASE(distinct_unknown_kinds_are_bounded) {
    std::string text;
    for (int i = 0; i < 500; ++i) text += R"({"ts":"2026-03-04T10:00:00.000Z","event":"k)" + std::to_string(i) + "\"}\n";
    const auto log = read_text(text);
    BOOST_TEST(log.unknown_total() == 500u);
    BOOST_TEST(log.unknown_kinds.size() == limits::kMaxUnknownKinds + 1);
}

BOOST_AUTO_TEST_CASE(an_enormous_line_is_skipped_and_the_next_one_read) {
    const std::string huge(limits::kMaxLineBytes * 3, 'x');
    const auto log = read_text(huge + "\n" + verdict_line("2026-03-04T10:15:00.000Z", "block", "x") + "\r\n");
    BOOST_TEST(log.events.size() == 1u);
    BOOST_REQUIRE(log.skipped.size() == 1u);
    BOOST_TEST(log.skipped[0].line == 1u);
    BOOST_TEST(log.skipped[0].reason.find("longer than 65536 bytes") == 0u);
}

BOOST_AUTO_TEST_CASE(deeply_nested_json_does_not_crash) {
    const std::string deep = std::string(30000, '[') + std::string(30000, ']');
    const auto parsed = parse_event_line(deep);
    BOOST_TEST(std::holds_alternative<MalformedLine>(parsed));
}

BOOST_AUTO_TEST_CASE(events_from_several_files_are_put_in_time_order) {
    std::istringstream rotated{verdict_line("2026-03-04T10:15:00.000Z", "block", "x") + "\n"};
    std::istringstream current{verdict_line("2026-03-03T09:00:00.000Z", "block", "facebook") + "\n"};
    EventLog log;
    read_event_stream(rotated, "events.jsonl.1", log);
    read_event_stream(current, "events.jsonl", log);
    sort_chronologically(log);
    BOOST_TEST(log.events[0].service == "facebook");
    BOOST_TEST(log.files.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
