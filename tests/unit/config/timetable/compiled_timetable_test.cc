#include "config/timetable/compiled_timetable.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <set>
#include <sstream>

#include "support/hillside_timetable.h"

namespace {

namespace tt = schoolgate::config::timetable;
using schoolgate::test::local_at;
using schoolgate::test::local_day;

const tt::CompiledTimetable& hillside() {
    static const tt::CompiledTimetable timetable = schoolgate::test::compile_timetable_text(schoolgate::test::kHillsideTimetable);
    return timetable;
}

// The conditions that hold, in condition_names() order, e.g. "lesson school_hours term always".
std::string holding(const tt::SchoolMoment& moment) {
    std::string names;
    for (const auto name : tt::condition_names()) {
        if (!tt::CompiledTimetable::holds(*tt::condition_from_name(name), moment)) continue;
        names += (names.empty() ? "" : " ") + std::string{name};
    }
    return names;
}

struct MomentCase {
    const char* local;       // school-local civil time
    const char* described;   // CompiledTimetable::describe()
    const char* conditions;  // holding()
};

std::ostream& operator<<(std::ostream& out, const MomentCase& c) { return out << c.local; }

const MomentCase kMoments[] = {
    // Periods are [start, end): the first second is in, the end is out.
    {"2026-03-02 08:29:00", "Monday, outside school hours, Spring term", "outside_school_hours term always"},
    {"2026-03-02 08:30:00", "Monday, school hours, Spring term", "school_hours term always"},
    {"2026-03-02 08:45:00", "Monday Registration (registration), Spring term", "registration school_hours term always"},
    {"2026-03-02 09:00:00", "Monday P1 (lesson), Spring term", "lesson school_hours term always"},
    {"2026-03-02 09:59:59", "Monday P1 (lesson), Spring term", "lesson school_hours term always"},
    {"2026-03-02 10:00:00", "Monday P2 (lesson), Spring term", "lesson school_hours term always"},
    {"2026-03-02 11:00:00", "Monday Break (break), Spring term", "break school_hours term always"},
    {"2026-03-02 11:19:59", "Monday Break (break), Spring term", "break school_hours term always"},
    {"2026-03-02 11:20:00", "Monday P3 (lesson), Spring term", "lesson school_hours term always"},
    {"2026-03-02 12:20:00", "Monday Lunch (lunch), Spring term", "lunch school_hours term always"},
    {"2026-03-02 15:14:59", "Monday P5 (lesson), Spring term", "lesson school_hours term always"},
    {"2026-03-02 15:15:00", "Monday, school hours, Spring term", "school_hours term always"},
    {"2026-03-02 15:29:59", "Monday, school hours, Spring term", "school_hours term always"},
    {"2026-03-02 15:30:00", "Monday, outside school hours, Spring term", "outside_school_hours term always"},
    // Weekends in term: term, but neither school hours nor holiday.
    {"2026-03-07 10:00:00", "Saturday, Spring term", "outside_school_hours term always"},
    {"2026-03-08 10:00:00", "Sunday, Spring term", "outside_school_hours term always"},
    // Half term, an INSET day, Christmas, and the days either side of a term.
    {"2025-10-28 10:00:00", "Tuesday, half term (Autumn term)", "outside_school_hours holiday always"},
    {"2025-10-31 09:30:00", "Friday, half term (Autumn term)", "outside_school_hours holiday always"},
    {"2025-11-03 09:30:00", "Monday P1 (lesson), Autumn term", "lesson school_hours term always"},
    {"2026-11-27 10:00:00", "Friday, INSET day", "outside_school_hours term holiday always"},
    {"2026-11-26 10:00:00", "Thursday P2 (lesson), Autumn term", "lesson school_hours term always"},
    {"2025-12-25 10:00:00", "Thursday 25 December, holiday", "outside_school_hours holiday always"},
    {"2025-09-02 10:00:00", "Tuesday 2 September, holiday", "outside_school_hours holiday always"},
    {"2025-09-03 09:00:00", "Wednesday P1 (lesson), Autumn term", "lesson school_hours term always"},
    {"2025-12-19 14:30:00", "Friday P5 (lesson), Autumn term", "lesson school_hours term always"},
    {"2025-12-20 10:00:00", "Saturday 20 December, holiday", "outside_school_hours holiday always"},
    // 2026-07-22 follows the early-finish schedule: lunch is its last period.
    {"2026-07-22 13:00:00", "Wednesday Lunch (lunch), Summer term", "lunch school_hours term always"},
    {"2026-07-22 14:00:00", "Wednesday, school hours, Summer term", "school_hours term always"},
    {"2026-07-15 14:00:00", "Wednesday P4 (lesson), Summer term", "lesson school_hours term always"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(TimetableEvaluationTest)

BOOST_DATA_TEST_CASE(hillside_at_local_time, boost::unit_test::data::make(kMoments), c) {
    const auto moment = hillside().at(local_at(c.local));
    BOOST_TEST(tt::CompiledTimetable::describe(moment) == c.described);
    BOOST_TEST(holding(moment) == c.conditions);
}

BOOST_AUTO_TEST_CASE(moment_points_into_the_timetable) {
    const auto moment = hillside().at(local_at("2026-03-02 10:30:00"));
    BOOST_TEST(moment.school_day);
    BOOST_TEST(moment.weekday == date::Monday);
    BOOST_TEST(moment.time_of_day.count() == 10 * 60 + 30);
    BOOST_REQUIRE(moment.period != nullptr);
    BOOST_TEST(moment.period->name == "P2");
    BOOST_TEST((moment.period->kind == tt::PeriodKind::Lesson));
    BOOST_REQUIRE(moment.schedule != nullptr);
    BOOST_TEST(moment.schedule->name == "standard");
    BOOST_REQUIRE(moment.term != nullptr);
    BOOST_TEST(moment.term == &hillside().terms()[1]);
    BOOST_TEST(moment.closure == nullptr);
    BOOST_TEST(!moment.half_term);
}

BOOST_AUTO_TEST_CASE(inset_day_names_its_closure) {
    const auto moment = hillside().at(local_at("2026-11-27 10:00:00"));
    BOOST_REQUIRE(moment.closure != nullptr);
    BOOST_TEST(moment.closure->name == "INSET day");
    BOOST_TEST((moment.closure->kind == tt::ClosureKind::Inset));
    BOOST_TEST(!moment.school_day);
    BOOST_TEST(moment.period == nullptr);
}

BOOST_AUTO_TEST_CASE(condition_names_round_trip) {
    BOOST_TEST(tt::condition_names().size() == 9u);
    for (const auto name : tt::condition_names()) {
        const auto condition = tt::condition_from_name(name);
        BOOST_REQUIRE(condition.has_value());
        BOOST_TEST(tt::condition_name(*condition) == name);
    }
    BOOST_TEST(!tt::condition_from_name("lessons").has_value());
    BOOST_TEST(!tt::condition_from_name("").has_value());
    BOOST_TEST(tt::period_kind_name(*tt::period_kind_from_name("after_school")) == "after_school");
    BOOST_TEST(!tt::period_kind_from_name("Lesson").has_value());
}

BOOST_AUTO_TEST_CASE(empty_timetable_is_always_holiday) {
    const tt::CompiledTimetable empty;
    const auto moment = empty.at(local_at("2026-03-02 10:00:00"));
    BOOST_TEST(holding(moment) == "outside_school_hours holiday always");
    BOOST_TEST(empty.current_or_next_term(local_day("2026-03-02")) == nullptr);
    BOOST_TEST(!empty.next_holiday(local_day("2026-03-02")).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
