#include "tools/report/report_model.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "tests/unit/tools/report/report_test_events.h"
#include "tools/report/event_filter.h"
#include "tools/report/report_bounds.h"
#include "tools/report/technique_names.h"
#include "tools/report/text_renderer.h"
#include "tools/report/utc_time.h"
#include "classifiers/circumvention/technique.h"

using namespace schoolgate::tools::report;
using testing::model_of;
using testing::verdict_line;

namespace {

const std::string kWeek =
    verdict_line("2026-03-02T09:10:00.000Z", "block", "facebook", R"(,"user":"amira","device":"amira-tablet")") + "\n" +
    verdict_line("2026-03-02T09:20:00.000Z", "block", "facebook", R"(,"user":"amira","device":"amira-tablet")") + "\n" +
    verdict_line("2026-03-03T10:15:00.000Z", "block", "instagram") + "\n" +
    verdict_line("2026-03-03T12:30:00.000Z", "monitor", "x", R"(,"user":"mr-jones","role":"staff")") + "\n" +
    R"({"ts":"2026-03-04T10:16:00.000Z","school_time":"2026-03-04T10:16:00.000+00:00","event":"circumvention","verdict":"block","user":"amira","device":"amira-tablet","role":"pupil","src_ip":"10.20.0.50","techniques":["vpn.openvpn","tls.ech"]})" "\n"
    R"({"ts":"2026-03-04T10:17:00.000Z","school_time":"2026-03-04T10:17:00.000+00:00","event":"circumvention","verdict":"allow","role":"pupil","src_ip":"10.20.0.77","techniques":["vpn.openvpn"]})" "\n"
    R"({"ts":"2026-03-04T10:18:00.000Z","event":"alert","alert":"repeated_attempts","attempts":5,"user":"amira"})" "\n"
    R"({"ts":"2026-03-05T10:18:00.000Z","event":"gap","since":"2026-03-05T10:00:00.000Z","lost":7,"cause":"write_failed"})" "\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(ReportModelTest)

BOOST_AUTO_TEST_CASE(counts_blocks_monitoring_circumvention_alerts_and_gaps) {
    const auto m = model_of(kWeek);
    BOOST_TEST(m.verdicts == 6u);
    BOOST_TEST(m.blocked == 4u);  // three plain blocks and the blocked circumvention
    BOOST_TEST(m.monitored == 1u);
    BOOST_TEST(m.allowed == 1u);
    BOOST_TEST(m.circumvention == 2u);
    BOOST_TEST(m.attempts == 5u);  // blocked or circumvention; the allowed VPN counts too
    BOOST_TEST(m.alerts == 1u);
    BOOST_TEST(m.gaps == 1u);
    BOOST_TEST(m.events_lost == 7);
}

BOOST_AUTO_TEST_CASE(tallies_are_sorted_by_count_then_name) {
    const auto m = model_of(kWeek);
    BOOST_REQUIRE(m.blocks_by_service.size() == 3u);
    BOOST_TEST(m.blocks_by_service[0].first == "facebook");
    BOOST_TEST(m.blocks_by_service[0].second == 2u);
    BOOST_TEST(m.blocks_by_service[1].first == "(not a listed service)");
    BOOST_TEST(m.blocks_by_service[2].first == "instagram");
    BOOST_TEST(m.blocks_by_period.at(0).first == "P2 (lesson)");
    BOOST_TEST(m.blocks_by_period.at(0).second == 3u);
    BOOST_TEST(m.blocks_by_period.at(1).first == "outside timetabled periods");
    BOOST_TEST(m.monitored_by_user.at(0).first == "mr-jones");
    BOOST_TEST(m.circumvention_by_technique.at(0).first == "vpn.openvpn");
    BOOST_TEST(m.circumvention_by_technique.at(0).second == 2u);
    BOOST_TEST(m.attempts_by_user.at(0).first == "amira");
    BOOST_TEST(m.attempts_by_user.at(0).second == 3u);
    BOOST_TEST(m.attempts_by_device.at(0).first == "amira-tablet");
    BOOST_TEST(m.attempts_by_device.at(1).first == "10.20.0.50 (no device label)");
    BOOST_TEST(m.attempts_by_device.at(2).first == "10.20.0.77 (no device label)");
}

BOOST_AUTO_TEST_CASE(days_come_from_school_time_and_hours_only_for_one_day) {
    const auto m = model_of(kWeek);
    BOOST_REQUIRE(m.by_day.size() == 3u);
    BOOST_TEST(m.by_day[0].label == "2026-03-02");
    BOOST_TEST(m.by_day[0].blocked == 2u);
    BOOST_TEST(m.by_day[2].circumvention == 2u);
    BOOST_TEST(m.by_hour.empty());
    const auto one_day = model_of(verdict_line("2026-03-02T09:10:00.000Z", "block", "x") + "\n" +
                                  verdict_line("2026-03-02T11:10:00.000Z", "block", "x") + "\n");
    BOOST_TEST(one_day.by_hour.size() == 2u);
    BOOST_TEST(one_day.by_hour[1].label == "11:00");
}

BOOST_AUTO_TEST_CASE(a_user_filter_keeps_their_events_and_every_gap) {
    auto log = testing::read_text(kWeek);
    EventFilter filter;
    filter.user = "amira";
    const auto events = apply_filter(std::move(log.events), filter);
    BOOST_REQUIRE(events.size() == 5u);  // two blocks, the circumvention, the alert, and the gap
    BOOST_TEST((events.back().kind == EventKind::Gap));
    EventFilter device;
    device.device = "10.20.0.50";  // an address matches only events with no device label
    auto again = testing::read_text(kWeek);
    const auto by_address = apply_filter(std::move(again.events), device);
    // The instagram block, mr-jones's unlabelled laptop at that address, and the gap; not amira-tablet's events.
    BOOST_TEST(by_address.size() == 3u);
}

BOOST_AUTO_TEST_CASE(time_window_is_since_inclusive_until_exclusive) {
    auto log = testing::read_text(kWeek);
    const auto bounds = parse_report_bounds("2026-03-03", "2026-03-03", nullptr);
    BOOST_REQUIRE(bounds.ok());
    EventFilter filter{bounds.value().since, bounds.value().until, "", ""};
    const auto events = apply_filter(std::move(log.events), filter);
    BOOST_TEST(events.size() == 2u);  // all of 3 March: a bare --until date includes its day
}

BOOST_AUTO_TEST_CASE(windows_by_name_run_monday_to_sunday) {
    using schoolgate::tools::report::named_window;
    // Wednesday 4 March 2026.
    BOOST_TEST(named_window("today", "2026-03-04")->first_day == "2026-03-04");
    BOOST_TEST(named_window("today", "2026-03-04")->last_day == "2026-03-04");
    BOOST_TEST(named_window("this-week", "2026-03-04")->first_day == "2026-03-02");
    BOOST_TEST(named_window("this-week", "2026-03-04")->last_day == "2026-03-08");
    BOOST_TEST(named_window("last-week", "2026-03-04")->first_day == "2026-02-23");
    BOOST_TEST(named_window("last-week", "2026-03-04")->last_day == "2026-03-01");
    // A Monday is the first day of its own week, a Sunday the last; weeks cross months and years.
    BOOST_TEST(named_window("this-week", "2026-03-02")->first_day == "2026-03-02");
    BOOST_TEST(named_window("this-week", "2026-03-08")->first_day == "2026-03-02");
    BOOST_TEST(named_window("last-week", "2027-01-01")->first_day == "2026-12-21");
    BOOST_TEST(!named_window("yesterday", "2026-03-04"));
    BOOST_TEST(!named_window("today", "not a date"));
}

BOOST_AUTO_TEST_CASE(bounds_errors_name_the_option) {
    BOOST_TEST(parse_report_bounds("yesterday", "", nullptr).error() ==
               "--since: 'yesterday' is not a UTC time (write it as 2026-03-04T10:15Z or 2026-03-04; give --policy to "
               "use the school's local time)");
    BOOST_TEST(parse_report_bounds("2026-03-05", "2026-03-04", nullptr).error().find("is not after --since") !=
               std::string::npos);
    BOOST_TEST(parse_report_bounds("2026-03-04T10:15Z", "", nullptr).ok());
    BOOST_TEST(!parse_report_bounds("2026-03-04T25:00", "", nullptr).ok());
    // With a policy, times are school-local and the next day is asked for as text.
    std::string asked;
    const LocalTimeParser local = [&](const std::string& text) -> std::optional<schoolgate::WallTime> {
        asked = text;
        return schoolgate::WallTime{} + std::chrono::hours{1};
    };
    BOOST_TEST(parse_report_bounds("", "2026-12-31", local).ok());
    BOOST_TEST(asked == "2027-01-01");
    BOOST_TEST(!parse_report_bounds("2026-03-04T10:15Z", "", local).ok());
}

BOOST_AUTO_TEST_CASE(event_timestamps_parse_exactly) {
    using namespace std::chrono;
    const auto t = parse_event_ts("2026-03-04T10:15:00.041Z");
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST((*t == schoolgate::WallTime{sys_days{2026y / March / 4} + 10h + 15min + 41ms}));
    BOOST_TEST(!parse_event_ts("2026-03-04T10:15:00.041").has_value());
    BOOST_TEST(!parse_event_ts("2026-03-04 10:15:00Z").has_value());
    BOOST_TEST(!parse_event_ts("").has_value());
}

BOOST_AUTO_TEST_CASE(every_engine_technique_has_a_plain_english_title) {
#define SG_CHECK_TITLE(name, wire, family, label) BOOST_TEST(has_technique_title(wire), wire);
    SG_TECHNIQUE_LIST(SG_CHECK_TITLE)
#undef SG_CHECK_TITLE
    BOOST_TEST(technique_title("vpn.openvpn") == "OpenVPN VPN");
    BOOST_TEST(technique_title("new.thing") == "new.thing");
}

BOOST_AUTO_TEST_CASE(text_report_says_evidence_was_lost_before_anything_else) {
    const auto m = model_of(kWeek);
    std::ostringstream out;
    render_text(m, ReportHeading{"Hillside", "UTC", "", "", ""}, out);
    const auto text = out.str();
    const auto lost = text.find("!!! EVIDENCE LOST: 7 events could not be written, in 1 gap.");
    BOOST_TEST(lost != std::string::npos);
    BOOST_TEST(lost < text.find("Blocked, by service"));
    BOOST_TEST(text.find("  OpenVPN VPN (vpn.openvpn)") != std::string::npos);
    BOOST_TEST(text.find("4 connections were blocked and 1 was monitored") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(terminal_output_never_carries_escape_sequences) {
    const auto m = model_of(R"({"ts":"2026-03-04T10:15:00.000Z","event":"verdict","verdict":"block","host":"a\u001b[2Jb\nFAKE LINE","user":"u"})" "\n");
    std::ostringstream out;
    render_text(m, ReportHeading{"", "UTC", "", "", "user u"}, out);
    BOOST_TEST(out.str().find('\x1b') == std::string::npos);
    BOOST_TEST(out.str().find("a?[2Jb?FAKE LINE") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
