#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "support/hillside_timetable.h"

// Every compile-time check, each with its full message: file, line, column, path, what is wrong and
// the fix. Each case makes one edit to a valid timetable.
namespace {

const std::string kValid = R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days:
    standard:
      - {name: P1, start: "09:00", end: "10:00", kind: lesson}
      - {name: P2, start: "10:00", end: "11:00", kind: lesson}
  week: {monday: standard, friday: standard}
  terms:
    - {name: Autumn term, start: 2025-09-03, end: 2025-12-19, half_terms: [{start: 2025-10-27, end: 2025-10-31}]}
    - {name: Spring term, start: 2026-01-05, end: 2026-04-02}
  closures:
    - {date: 2025-11-28, name: INSET day, kind: inset}
  special_days:
    - {date: 2025-12-19, day: standard}
)";

struct ErrorCase {
    const char* name;
    const char* from;  // text in kValid, replaced once
    const char* to;
    std::vector<std::string> expected;
};

std::ostream& operator<<(std::ostream& out, const ErrorCase& c) { return out << c.name; }

std::string edited(const ErrorCase& c) {
    std::string text = kValid;
    const auto at = text.find(c.from);
    if (at == std::string::npos) throw std::runtime_error(std::string{"case edits missing text: "} + c.from);
    return text.replace(at, std::string{c.from}.size(), c.to);
}

const std::vector<ErrorCase> kCases = {
    {"time_missing_zeros", R"(start: "09:00", end: "10:00")", R"(start: "9:5", end: "10:00")",
     {"t.yaml:5:27: timetable.days.standard[0].start: '9:5' is not a time (write it as 09:05)"}},
    {"time_not_guessable", R"(start: "09:00", end: "10:00")", R"(start: "nine", end: "10:00")",
     {"t.yaml:5:27: timetable.days.standard[0].start: 'nine' is not a time (write it as HH:MM in 24-hour time, e.g. 13:15)"}},
    {"time_out_of_range", R"(end: "11:00")", R"(end: "24:00")",
     {"t.yaml:6:41: timetable.days.standard[1].end: '24:00' is not a time (write it as HH:MM in 24-hour time, e.g. 13:15)"}},
    {"period_ends_before_start", R"(end: "11:00")", R"(end: "09:30")",
     {"t.yaml:6:41: timetable.days.standard[1].end: end 09:30 is not after start 10:00 (a period must end after it starts)"}},
    {"period_ends_at_start", R"(end: "11:00")", R"(end: "10:00")",
     {"t.yaml:6:41: timetable.days.standard[1].end: end 10:00 is not after start 10:00 (a period must end after it starts)"}},
    {"periods_overlap", R"(P2, start: "10:00")", R"(P2, start: "09:30")",
     {"t.yaml:6:9: timetable.days.standard[1]: 'P2' 09:30-11:00 overlaps 'P1' 09:00-10:00 (start 'P2' at 10:00 or later, or end 'P1' by 09:30)"}},
    {"unknown_period_kind_near", "kind: lesson}\n      - {name: P2", "kind: lessen}\n      - {name: P2",
     {"t.yaml:5:56: timetable.days.standard[0].kind: unknown period kind 'lessen' (did you mean 'lesson'? kinds are lesson, break, lunch, registration, before_school, after_school, other)"}},
    {"unknown_period_kind_far", "kind: lesson}\n  week", "kind: study}\n  week",
     {"t.yaml:6:56: timetable.days.standard[1].kind: unknown period kind 'study' (kinds are lesson, break, lunch, registration, before_school, after_school, other)"}},
    {"duplicate_period_name", "name: P2", "name: P1",
     {"t.yaml:6:16: timetable.days.standard[1].name: 'P1' is already the name of timetable.days.standard[0] (give each period in a day its own name)"}},
    {"unknown_day_in_week", "friday: standard", "friday: standrd",
     {"t.yaml:7:36: timetable.week.friday: unknown day schedule 'standrd' (did you mean 'standard'? day schedules are defined under timetable.days)"}},
    {"unknown_weekday", "friday: standard", "fridy: standard",
     {"t.yaml:7:28: timetable.week: unknown key 'fridy' (did you mean 'friday'?)"}},
    {"unknown_day_in_special_days", "2025-12-19, day: standard", "2025-12-19, day: early",
     {"t.yaml:14:31: timetable.special_days[0].day: unknown day schedule 'early' (day schedules are defined under timetable.days)"}},
    {"date_missing_zeros", "start: 2025-09-03", "start: 2025-9-3",
     {"t.yaml:9:34: timetable.terms[0].start: '2025-9-3' is not a date (write it as 2025-09-03)"}},
    {"date_day_first", "start: 2025-09-03", "start: 03/09/2025",
     {"t.yaml:9:34: timetable.terms[0].start: '03/09/2025' is not a date (write it as 2025-09-03)"}},
    {"date_impossible", "end: 2026-04-02", "end: 2026-02-30",
     {"t.yaml:10:51: timetable.terms[1].end: '2026-02-30' is not a date (write it as YYYY-MM-DD, e.g. 2025-09-03)"}},
    {"term_ends_before_start", "end: 2026-04-02", "end: 2025-12-01",
     {"t.yaml:10:51: timetable.terms[1].end: end 2025-12-01 is before start 2026-01-05 (a term ends on or after the day it starts)"}},
    {"terms_overlap", "start: 2026-01-05", "start: 2025-12-01",
     {"t.yaml:10:7: timetable.terms[1]: 'Spring term' 2025-12-01..2026-04-02 overlaps 'Autumn term' 2025-09-03..2025-12-19 (start 'Spring term' after 2025-12-19, or end 'Autumn term' before 2025-12-01)"}},
    {"half_term_outside_term", "end: 2025-10-31", "end: 2025-12-22",
     {"t.yaml:9:76: timetable.terms[0].half_terms[0]: half term 2025-10-27..2025-12-22 is not inside 'Autumn term' 2025-09-03..2025-12-19 (move it inside the term, or fix the term's dates)"}},
    {"half_term_ends_before_start", "end: 2025-10-31", "end: 2025-10-20",
     {"t.yaml:9:101: timetable.terms[0].half_terms[0].end: end 2025-10-20 is before start 2025-10-27 (a half term ends on or after the day it starts)"}},
    {"closure_outside_terms", "date: 2025-11-28", "date: 2025-12-24",
     {"t.yaml:12:14: timetable.closures[0].date: 2025-12-24 is not in any term (a closure is a day off in term: check the date, or add its term under timetable.terms)"}},
    {"closure_until_outside_terms", "date: 2025-11-28,", "date: 2025-11-28, until: 2025-12-22,",
     {"t.yaml:12:33: timetable.closures[0].until: 2025-12-22 is not in any term (a closure is a day off in term: check the date, or add its term under timetable.terms)"}},
    {"closure_until_before_date", "date: 2025-11-28,", "date: 2025-11-28, until: 2025-11-27,",
     {"t.yaml:12:33: timetable.closures[0].until: until 2025-11-27 is before date 2025-11-28 (a closure ends on or after the day it starts)"}},
    {"unknown_closure_kind", "kind: inset", "kind: inste",
     {"t.yaml:12:49: timetable.closures[0].kind: unknown closure kind 'inste' (did you mean 'inset'? kinds are inset, closure)"}},
    {"school_hours_end_before_start", R"(end: "15:30")", R"(end: "08:00")",
     {"t.yaml:2:39: timetable.school_hours.end: end 08:00 is not after start 08:30 (school hours must end after they start)"}},
    {"special_day_outside_terms", "date: 2025-12-19, day", "date: 2025-12-25, day",
     {"t.yaml:14:14: timetable.special_days[0].date: 2025-12-25 is not in any term (a special day changes a school day's schedule: check the date, or add its term under timetable.terms)"}},
    {"special_day_listed_twice", "    - {date: 2025-12-19, day: standard}\n",
     "    - {date: 2025-12-19, day: standard}\n    - {date: 2025-12-19, day: standard}\n",
     {"t.yaml:15:14: timetable.special_days[1].date: 2025-12-19 is already listed at timetable.special_days[0] (list each date once)"}},
    {"cycle_start_and_week_mistakes", "week: {monday: standard, friday: standard}",
     "weeks: {starts: 2025-9-1, cycle: [{monday: standard}, {monday: standar}]}",
     {"t.yaml:7:19: timetable.weeks.starts: '2025-9-1' is not a date (write it as 2025-09-01)",
      "t.yaml:7:66: timetable.weeks.cycle[1].monday: unknown day schedule 'standar' (did you mean 'standard'? day schedules are defined under timetable.days)"}},
    {"two_mistakes_in_one_period", R"(start: "09:00", end: "10:00", kind: lesson)", R"(start: "9:00", end: "10:00", kind: lessons)",
     {"t.yaml:5:27: timetable.days.standard[0].start: '9:00' is not a time (write it as 09:00)",
      "t.yaml:5:55: timetable.days.standard[0].kind: unknown period kind 'lessons' (did you mean 'lesson'? kinds are lesson, break, lunch, registration, before_school, after_school, other)"}},
    // A term that failed to compile must not make its closures and special days look out of term.
    {"no_cascade_from_a_bad_term", "start: 2025-09-03, end: 2025-12-19", "start: 2025-09-3x, end: 2025-12-19",
     {"t.yaml:9:34: timetable.terms[0].start: '2025-09-3x' is not a date (write it as YYYY-MM-DD, e.g. 2025-09-03)"}},
};

// One mistake in every section; all are reported, in file order.
const std::string kManyMistakes = R"(timetable:
  school_hours: {start: "08:30", end: "8:00"}
  days:
    standard:
      - {name: P1, start: "09:00", end: "10:00", kind: lesson}
      - {name: P2, start: "09:45", end: "11:00", kind: lesson}
  week: {monday: standrd}
  terms:
    - {name: Autumn term, start: 2025-09-03, end: 2025-12-19}
    - {name: Spring term, start: 2025-12-19, end: 2026-04-02}
  closures:
    - {date: 2025-08-01, kind: inset}
  special_days:
    - {date: 2025-11-03, day: half-day}
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(TimetableErrorsTest)

BOOST_AUTO_TEST_CASE(valid_base_compiles) {
    BOOST_TEST(schoolgate::test::timetable_errors(kValid).empty());
}

BOOST_DATA_TEST_CASE(each_mistake_is_located_and_explained, boost::unit_test::data::make(kCases), c) {
    BOOST_TEST(schoolgate::test::timetable_errors(edited(c)) == c.expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_mistake_is_reported_at_once) {
    const std::vector<std::string> expected{
        "t.yaml:2:39: timetable.school_hours.end: '8:00' is not a time (write it as 08:00)",
        "t.yaml:6:9: timetable.days.standard[1]: 'P2' 09:45-11:00 overlaps 'P1' 09:00-10:00 (start 'P2' at 10:00 or later, or end 'P1' by 09:45)",
        "t.yaml:7:18: timetable.week.monday: unknown day schedule 'standrd' (did you mean 'standard'? day schedules are defined under timetable.days)",
        "t.yaml:10:7: timetable.terms[1]: 'Spring term' 2025-12-19..2026-04-02 overlaps 'Autumn term' 2025-09-03..2025-12-19 (start 'Spring term' after 2025-12-19, or end 'Autumn term' before 2025-12-19)",
        "t.yaml:12:14: timetable.closures[0].date: 2025-08-01 is not in any term (a closure is a day off in term: check the date, or add its term under timetable.terms)",
        "t.yaml:14:31: timetable.special_days[0].day: unknown day schedule 'half-day' (day schedules are defined under timetable.days)"};
    BOOST_TEST(schoolgate::test::timetable_errors(kManyMistakes) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hillside_fixture_compiles) {
    BOOST_TEST(schoolgate::test::timetable_errors(schoolgate::test::kHillsideTimetable).empty());
}

BOOST_AUTO_TEST_SUITE_END()
