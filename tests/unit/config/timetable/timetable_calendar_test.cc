#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <date/tz.h>

#include <ostream>

#include "config/timetable/civil_text.h"
#include "config/timetable/local_moment.h"
#include "support/hillside_timetable.h"

namespace {

namespace tt = schoolgate::config::timetable;
using schoolgate::test::local_at;
using schoolgate::test::local_day;

const tt::CompiledTimetable& hillside() {
    static const tt::CompiledTimetable timetable = schoolgate::test::compile_timetable_text(schoolgate::test::kHillsideTimetable);
    return timetable;
}

schoolgate::WallTime utc_at(const std::string& text) {
    return schoolgate::WallTime{local_at(text).time_since_epoch()};  // the text is UTC here
}

struct UtcCase {
    const char* utc;
    const char* local;  // in Europe/London
    const char* described;
};

std::ostream& operator<<(std::ostream& out, const UtcCase& c) { return out << c.utc << " UTC"; }

const UtcCase kUtcMoments[] = {
    // Friday before the 2026-03-29 change to BST: London is on UTC.
    {"2026-03-27 09:10:00", "2026-03-27 09:10", "Friday P1 (lesson), Spring term"},
    // Monday after it: 08:10 UTC is 09:10 BST, in P1; 09:10 UTC is already P2.
    {"2026-03-30 08:10:00", "2026-03-30 09:10", "Monday P1 (lesson), Spring term"},
    {"2026-03-30 09:10:00", "2026-03-30 10:10", "Monday P2 (lesson), Spring term"},
    {"2026-03-30 07:29:00", "2026-03-30 08:29", "Monday, outside school hours, Spring term"},
    // Back to GMT on 2026-10-25: Monday 26th is half term anyway; the Monday after, UTC is local again.
    {"2026-10-26 09:10:00", "2026-10-26 09:10", "Monday, half term (Autumn term)"},
    {"2026-11-02 09:10:00", "2026-11-02 09:10", "Monday P1 (lesson), Autumn term"},
    {"2026-11-02 08:10:00", "2026-11-02 08:10", "Monday, outside school hours, Autumn term"},
};

std::string local_text(tt::LocalMoment local) {
    return date::format("%F %R", std::chrono::floor<std::chrono::minutes>(local));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(TimetableCalendarTest)

BOOST_DATA_TEST_CASE(utc_through_europe_london, boost::unit_test::data::make(kUtcMoments), c) {
    const auto local = tt::to_local(date::locate_zone("Europe/London"), utc_at(c.utc));
    BOOST_TEST(local_text(local) == c.local);
    BOOST_TEST(tt::CompiledTimetable::describe(hillside().at(local)) == c.described);
}

BOOST_AUTO_TEST_CASE(week_of_an_inset_day) {
    const auto week = hillside().week_of(date::year{2026} / 11 / 25);
    BOOST_REQUIRE(week.size() == 7u);
    const std::vector<std::string> expected{"school day (standard)", "school day (standard)", "school day (standard)",
                                            "school day (standard)", "INSET day", "no school", "no school"};
    std::vector<std::string> described;
    for (const auto& day : week) described.push_back(tt::CompiledTimetable::describe(day));
    BOOST_TEST(described == expected, boost::test_tools::per_element());
    BOOST_TEST(tt::format_date(week.front().day) == "2026-11-23");
    BOOST_TEST(week.front().weekday == date::Monday);
    BOOST_TEST(week.back().weekday == date::Sunday);
    BOOST_REQUIRE(week.front().schedule != nullptr);
    BOOST_TEST(week.front().schedule->periods.size() == 8u);
    BOOST_TEST(week[5].schedule == nullptr);
}

BOOST_AUTO_TEST_CASE(week_of_the_end_of_term) {
    // Thursday 2026-04-02 is the last day of the spring term; Easter follows.
    std::vector<std::string> described;
    for (const auto& day : hillside().week_of(date::year{2026} / 4 / 2)) described.push_back(tt::CompiledTimetable::describe(day));
    const std::vector<std::string> expected{"school day (standard)", "school day (standard)", "school day (standard)",
                                            "school day (standard)", "holiday", "holiday", "holiday"};
    BOOST_TEST(described == expected, boost::test_tools::per_element());
    const auto half_term = hillside().week_of(date::year{2026} / 2 / 18);
    BOOST_TEST(tt::CompiledTimetable::describe(half_term[0]) == "half term (Spring term)");
    BOOST_TEST(tt::CompiledTimetable::describe(half_term[5]) == "no school");
}

BOOST_AUTO_TEST_CASE(current_or_next_term) {
    const auto name_and_start = [](const char* day) -> std::string {
        const tt::Term* term = hillside().current_or_next_term(local_day(day));
        return term ? term->name + " from " + tt::format_date(term->first) : "none";
    };
    BOOST_TEST(name_and_start("2025-08-01") == "Autumn term from 2025-09-03");
    BOOST_TEST(name_and_start("2025-10-28") == "Autumn term from 2025-09-03");  // half term is still the term
    BOOST_TEST(name_and_start("2025-12-19") == "Autumn term from 2025-09-03");
    BOOST_TEST(name_and_start("2025-12-25") == "Spring term from 2026-01-05");
    BOOST_TEST(name_and_start("2027-07-21") == "Summer term from 2027-04-12");
    BOOST_TEST(name_and_start("2027-07-22") == "none");
}

BOOST_AUTO_TEST_CASE(next_holiday) {
    const auto next = [](const char* day) -> std::string {
        const auto holiday = hillside().next_holiday(local_day(day));
        if (!holiday) return "none";
        return holiday->name + " " + tt::format_date(holiday->first) + ".." +
               (holiday->last ? tt::format_date(*holiday->last) : "?");
    };
    BOOST_TEST(next("2025-10-01") == "half term (Autumn term) 2025-10-27..2025-10-31");
    BOOST_TEST(next("2025-10-31") == "half term (Autumn term) 2025-10-27..2025-10-31");
    BOOST_TEST(next("2025-11-03") == "holiday after Autumn term 2025-12-20..2026-01-04");
    BOOST_TEST(next("2025-12-25") == "holiday after Autumn term 2025-12-20..2026-01-04");
    BOOST_TEST(next("2026-11-02") == "INSET day 2026-11-27..2026-11-27");
    BOOST_TEST(next("2027-07-01") == "holiday after Summer term 2027-07-22..?");
}

BOOST_AUTO_TEST_SUITE_END()
