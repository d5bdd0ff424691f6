#include <boost/test/unit_test.hpp>

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/yaml/timetable_edit.h"

// The console's edits to a timetable file: times of day are written quoted (YAML 1.1 readers take 09:00 for
// a number), and only times: a name holding a time stays as it was typed.
namespace {

namespace yaml = schoolgate::config::yaml;

const std::string kTimetable =
    "# header kept\n"
    "timetable:\n"
    "  school_hours: {start: \"08:30\", end: \"15:30\"}\n"
    "  days:\n"
    "    standard:\n"
    "      - {name: P1, start: \"09:00\", end: \"10:00\", kind: lesson}\n"
    "  week: {monday: standard}\n";

}  // namespace

BOOST_AUTO_TEST_CASE(a_name_holding_a_time_is_written_as_typed_and_times_are_quoted) {
    yaml::TimetableItemEdit edit{"periods", std::nullopt, 0, "standard", false,
                                 {{"name", "Lunch: 12:30 break"}, {"start", "12:30"}, {"end", "13:15"}, {"kind", "lunch"}}};
    const auto edited = yaml::edit_timetable_text(kTimetable, edit);
    BOOST_REQUIRE_MESSAGE(edited.ok(), (edited.ok() ? std::string{} : edited.error()));
    const auto& text = edited.value().text;
    BOOST_TEST(text.rfind("# header kept\n", 0) == 0u);
    const auto root = YAML::Load(text);
    const auto periods = root["timetable"]["days"]["standard"];
    BOOST_REQUIRE(periods.size() == 2u);
    BOOST_TEST(periods[1]["name"].as<std::string>() == "Lunch: 12:30 break");
    BOOST_TEST(periods[1]["start"].as<std::string>() == "12:30");
    for (const char* quoted : {"start: \"12:30\"", "end: \"13:15\"", "start: \"09:00\"", "start: \"08:30\""}) {
        BOOST_TEST(text.find(quoted) != std::string::npos, quoted << " in\n" << text);
    }
    BOOST_TEST(text.find("monday: standard") != std::string::npos, text);
}
