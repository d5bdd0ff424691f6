#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>

#include "support/hillside_timetable.h"

// Week A/B cycles and special days: which day schedule a date follows.
namespace {

namespace tt = schoolgate::config::timetable;
using schoolgate::test::local_at;

// `starts` is a Wednesday: the cycle still turns over on Mondays, so Week A is 2025-09-01..07.
const char* kWeekAb = R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days:
    a-day:
      - {name: A1, start: "09:00", end: "10:00", kind: lesson}
    b-day:
      - {name: B1, start: "09:00", end: "10:00", kind: lesson}
    b-friday:
      - {name: Games, start: "09:00", end: "12:00", kind: other}
    short:
      - {name: Assembly, start: "09:00", end: "09:30", kind: other}
  weeks:
    starts: 2025-09-03
    cycle:
      - {monday: a-day, tuesday: a-day, wednesday: a-day, thursday: a-day, friday: a-day}
      - {monday: b-day, tuesday: b-day, wednesday: b-day, thursday: b-day, friday: b-friday}
  terms:
    - {name: Autumn term, start: 2025-08-18, end: 2025-12-19}
  special_days:
    - {date: 2025-09-10, day: short}
    - {date: 2025-09-13, day: short}
)";

const tt::CompiledTimetable& week_ab() {
    static const tt::CompiledTimetable timetable = schoolgate::test::compile_timetable_text(kWeekAb);
    return timetable;
}

struct CycleCase {
    const char* local;
    const char* described;
};

std::ostream& operator<<(std::ostream& out, const CycleCase& c) { return out << c.local; }

const CycleCase kCycle[] = {
    {"2025-09-01 09:30:00", "Monday A1 (lesson), Autumn term"},
    {"2025-09-03 09:30:00", "Wednesday A1 (lesson), Autumn term"},
    {"2025-09-05 09:30:00", "Friday A1 (lesson), Autumn term"},
    {"2025-09-06 09:30:00", "Saturday, Autumn term"},
    {"2025-09-08 09:30:00", "Monday B1 (lesson), Autumn term"},
    {"2025-09-12 11:00:00", "Friday Games (other), Autumn term"},
    {"2025-09-15 09:30:00", "Monday A1 (lesson), Autumn term"},
    {"2025-09-22 09:30:00", "Monday B1 (lesson), Autumn term"},
    {"2025-11-03 09:30:00", "Monday B1 (lesson), Autumn term"},  // nine weeks after Week A began: Week B
    {"2025-11-10 09:30:00", "Monday A1 (lesson), Autumn term"},
    // Before `starts` the cycle runs backwards: the week before Week A is Week B.
    {"2025-08-25 09:30:00", "Monday B1 (lesson), Autumn term"},
    {"2025-08-18 09:30:00", "Monday A1 (lesson), Autumn term"},
    // Special days replace the week's schedule, and make a Saturday in term a school day.
    {"2025-09-10 09:15:00", "Wednesday Assembly (other), Autumn term"},
    {"2025-09-10 09:45:00", "Wednesday, school hours, Autumn term"},
    {"2025-09-13 09:15:00", "Saturday Assembly (other), Autumn term"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(TimetableCycleTest)

BOOST_DATA_TEST_CASE(week_a_b_cycle, boost::unit_test::data::make(kCycle), c) {
    BOOST_TEST(tt::CompiledTimetable::describe(week_ab().at(local_at(c.local))) == c.described);
}

BOOST_AUTO_TEST_CASE(week_view_shows_the_cycle) {
    std::vector<std::string> described;
    for (const auto& day : week_ab().week_of(date::year{2025} / 9 / 10)) described.push_back(tt::CompiledTimetable::describe(day));
    const std::vector<std::string> expected{"school day (b-day)", "school day (b-day)", "school day (short)",
                                            "school day (b-day)", "school day (b-friday)", "school day (short)",
                                            "no school"};
    BOOST_TEST(described == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(early_finish_on_the_last_day_of_summer_term) {
    const auto timetable = schoolgate::test::compile_timetable_text(schoolgate::test::kHillsideTimetable);
    const auto last_day = timetable.day(schoolgate::test::local_day("2026-07-22"));
    BOOST_REQUIRE(last_day.schedule != nullptr);
    BOOST_TEST(last_day.schedule->name == "early-finish");
    BOOST_TEST(last_day.schedule->periods.back().name == "Lunch");
    const auto afternoon = timetable.at(local_at("2026-07-22 13:15:00"));
    BOOST_TEST(!tt::CompiledTimetable::holds(tt::Condition::Lesson, afternoon));
    BOOST_TEST(tt::CompiledTimetable::holds(tt::Condition::SchoolHours, afternoon));  // school hours are the same every day
    const auto week_before = timetable.at(local_at("2026-07-15 13:15:00"));
    BOOST_TEST(tt::CompiledTimetable::describe(week_before) == "Wednesday P4 (lesson), Summer term");
}

BOOST_AUTO_TEST_SUITE_END()
