#include "config/yaml/timetable_reader.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>

#include "support/hillside_timetable.h"

// The shape of the `timetable:` section: strict keys, required keys, lists and mappings where expected.
namespace {

using schoolgate::test::timetable_errors;

struct ShapeCase {
    const char* name;
    const char* yaml;
    std::vector<std::string> expected;
};

std::ostream& operator<<(std::ostream& out, const ShapeCase& c) { return out << c.name; }

const std::vector<ShapeCase> kShapes = {
    {"unknown_section", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: {standard: []}
  week: {monday: standard}
  terms: []
  special_day: []
)",
     {"t.yaml:6:3: timetable: unknown key 'special_day' (did you mean 'special_days'?)"}},
    {"week_and_weeks", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: {standard: []}
  week: {monday: standard}
  weeks: {starts: 2025-09-01, cycle: [{monday: standard}]}
  terms: []
)",
     {"t.yaml:5:10: timetable.weeks: use either week: or weeks:, not both (weeks: is for a Week A/B cycle)"}},
    {"no_week", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: {standard: []}
  terms: []
)",
     {"t.yaml:2:3: timetable.week: is required but missing (add week: {monday: standard, ...}, or weeks: for a Week A/B cycle)"}},
    {"required_sections_missing", R"(timetable:
  week: {monday: standard}
)",
     {"t.yaml:2:3: timetable.school_hours: is required but missing (add it here)",
      "t.yaml:2:3: timetable.days: is required but missing (add it here)",
      "t.yaml:2:3: timetable.terms: is required but missing (add it here)"}},
    {"period_keys", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days:
    standard:
      - {name: P1, strat: "09:00", end: "10:00"}
  week: {monday: standard}
  terms: []
)",
     {"t.yaml:5:20: timetable.days.standard[0]: unknown key 'strat' (did you mean 'start'?)",
      "t.yaml:5:9: timetable.days.standard[0].start: is required but missing (add it here)",
      "t.yaml:5:9: timetable.days.standard[0].kind: is required but missing (add it here)"}},
    {"days_not_a_mapping", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: [standard]
  week: {monday: standard}
  terms: []
)",
     {"t.yaml:3:9: timetable.days: must be a mapping of day schedule names to lists of periods (e.g. standard: [...])"}},
    {"periods_not_a_list", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: {standard: {name: P1}}
  week: {monday: standard}
  terms: []
)",
     {"t.yaml:3:20: timetable.days.standard: must be a list, each item like '- {name: P1, start: \"09:00\", end: \"10:00\", kind: lesson}'"}},
    {"empty_cycle", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: {standard: []}
  weeks: {starts: 2025-09-01, cycle: []}
  terms: []
)",
     {"t.yaml:4:38: timetable.weeks.cycle: is empty (list each week of the cycle, Week A first)"}},
    {"term_and_closure_keys", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: {standard: []}
  week: {monday: standard}
  terms:
    - {name: Autumn term, start: 2025-09-03, end: 2025-12-19, half_term: []}
  closures:
    - {date: 2025-11-28, untill: 2025-11-29, kind: inset}
)",
     {"t.yaml:6:63: timetable.terms[0]: unknown key 'half_term' (did you mean 'half_terms'?)",
      "t.yaml:8:26: timetable.closures[0]: unknown key 'untill' (did you mean 'until'?)"}},
    {"lists_not_lists", R"(timetable:
  school_hours: {start: "08:30", end: "15:30"}
  days: {standard: []}
  week: {monday: standard}
  terms:
    - {name: Autumn term, start: 2025-09-03, end: 2025-12-19, half_terms: {start: 2025-10-27}}
  closures: {date: 2025-11-28}
  special_days: 2025-12-19
)",
     {"t.yaml:6:75: timetable.terms[0].half_terms: must be a list, each item like '- {start: 2025-10-27, end: 2025-10-31}'",
      "t.yaml:7:13: timetable.closures: must be a list, each item like '- {date: 2026-11-27, name: INSET day, kind: inset}'",
      "t.yaml:8:17: timetable.special_days: must be a list, each item like '- {date: 2026-07-22, day: early-finish}'"}},
    {"timetable_not_a_mapping", "timetable: yes\n",
     {"t.yaml:1:12: timetable: must be a mapping of keys to values"}},
    {"yaml_syntax", "timetable:\n  days: {standard: [\n",
     {"t.yaml:3:1: end of sequence flow not found (fix the YAML syntax here)"}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(TimetableReaderTest)

BOOST_DATA_TEST_CASE(shape_mistakes, boost::unit_test::data::make(kShapes), c) {
    BOOST_TEST(timetable_errors(c.yaml) == c.expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hillside_model_keeps_text_and_places) {
    auto read = schoolgate::config::yaml::read_timetable_text(schoolgate::test::kHillsideTimetable, "hillside.yaml");
    BOOST_REQUIRE(read.ok());
    const auto& model = read.value();
    BOOST_TEST(model.file == "hillside.yaml");
    BOOST_TEST(model.school_start.text == "08:30");
    BOOST_REQUIRE(model.days.size() == 2u);
    BOOST_TEST(model.days[0].name.text == "standard");
    BOOST_TEST(model.days[1].name.text == "early-finish");
    BOOST_REQUIRE(model.days[0].periods.size() == 8u);
    const auto& p1 = model.days[0].periods[1];
    BOOST_TEST(p1.name.text == "P1");
    BOOST_TEST(p1.start.text == "09:00");
    BOOST_TEST(p1.start.line == 6);
    BOOST_TEST(p1.start.column == 27);
    BOOST_TEST(p1.kind.text == "lesson");
    BOOST_REQUIRE(model.weeks.size() == 1u);
    BOOST_TEST(!model.cycle_starts.has_value());
    BOOST_TEST(model.weeks[0].days[4].has_value());   // Friday
    BOOST_TEST(!model.weeks[0].days[5].has_value());  // Saturday
    BOOST_TEST(model.terms.size() == 6u);
    BOOST_TEST(model.terms[0].half_terms.size() == 1u);
    BOOST_REQUIRE(model.closures.size() == 1u);
    BOOST_TEST(!model.closures[0].until.has_value());
    BOOST_TEST(model.closures[0].name->text == "INSET day");
    BOOST_TEST(model.special_days.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
