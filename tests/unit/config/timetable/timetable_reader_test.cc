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
     {"HARVEST"}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(TimetableReaderTest)

BOOST_DATA_TEST_CASE(shape_mistakes, boost::unit_test::data::make(kShapes), c) {
    BOOST_TEST(timetable_errors(c.yaml) == c.expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
