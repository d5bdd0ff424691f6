#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "config/policy/compiled_policy.h"
#include "config/yaml/file_kind.h"
#include "config/yaml/policy_loader.h"

// A policy's `timetable:` naming a file of its own (the file the console edits): read from beside the
// policy, its mistakes located in it (file, line, column), watched and protected like the exemptions file.
namespace {

namespace fs = std::filesystem;
namespace yaml = schoolgate::config::yaml;

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";

const std::string kPolicy =
    "school: {name: Test School, time_zone: Europe/London}\n"
    "networks:\n  - {name: pupils, cidr: 10.20.0.0/16, role: pupil}\n"
    "timetable: tt.yaml\n"
    "rules:\n  - {name: no-x-in-lessons, who: {roles: [pupil]}, services: [x], when: lesson, action: block, reason: Lessons.}\n";

const std::string kTimetable =
    "# the test school's timetable\n"
    "timetable:\n"
    "  school_hours: {start: \"08:30\", end: \"15:30\"}\n"
    "  days:\n"
    "    standard:\n"
    "      - {name: P1, start: \"09:00\", end: \"10:00\", kind: lesson}\n"
    "  week: {monday: standard, tuesday: standard, wednesday: standard, thursday: standard, friday: standard}\n"
    "  terms:\n"
    "    - {name: Autumn term, start: 2026-09-03, end: 2026-12-18}\n";

// A directory holding policy.yaml and tt.yaml, removed afterwards.
struct School {
    fs::path dir;
    explicit School(const std::string& timetable, const std::string& policy = kPolicy) {
        std::string pattern = (fs::temp_directory_path() / "sg-tt-XXXXXX").string();
        dir = mkdtemp(pattern.data());
        std::ofstream{dir / "policy.yaml"} << policy;
        if (!timetable.empty()) std::ofstream{dir / "tt.yaml"} << timetable;
    }
    ~School() { fs::remove_all(dir); }
    std::string policy() const { return (dir / "policy.yaml").string(); }
    std::string timetable() const { return (dir / "tt.yaml").string(); }
};

// The errors located in the timetable file (a policy whose timetable does not read has errors of its own
// too: its rule's `when: lesson` names a period kind no timetable has).
schoolgate::config::ConfigErrors errors_of(const School& school) {
    auto loaded = yaml::load_and_compile_policy(school.policy(), kCatalogue);
    schoolgate::config::ConfigErrors in_file;
    if (loaded.ok()) return in_file;
    for (const auto& e : loaded.error()) {
        BOOST_TEST_MESSAGE(e.to_string());
        if (e.file == school.timetable()) in_file.push_back(e);
    }
    return in_file;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(TimetableFileTest)

BOOST_AUTO_TEST_CASE(the_timetable_is_read_from_its_own_file) {
    School school{kTimetable};
    auto loaded = yaml::load_and_compile_policy(school.policy(), kCatalogue);
    BOOST_REQUIRE(loaded.ok());
    BOOST_TEST(loaded.value()->timetable_file() == school.timetable());
    BOOST_TEST(loaded.value()->timetable().terms().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_shape_mistake_names_the_timetable_file_line_and_column) {
    School school{replaced(kTimetable, "  terms:\n", "  termz:\n")};
    const auto errors = errors_of(school);
    BOOST_REQUIRE(errors.size() == 2u);  // terms: missing, termz: unknown
    BOOST_TEST(errors[1].line == 8);
    BOOST_TEST(errors[1].column == 3);
    BOOST_TEST(errors[1].message == "unknown key 'termz' (did you mean 'terms'?)");
}

BOOST_AUTO_TEST_CASE(a_meaning_mistake_names_the_timetable_file_at_the_value) {
    School school{replaced(kTimetable, "end: \"10:00\"", "end: \"08:00\"")};
    const auto errors = errors_of(school);
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front().file == school.timetable());
    BOOST_TEST(errors.front().line == 6);
    BOOST_TEST(errors.front().column == 41);
    BOOST_TEST(errors.front().path == "timetable.days.standard[0].end");
}

BOOST_AUTO_TEST_CASE(a_yaml_syntax_error_in_the_timetable_file_is_located_there) {
    School school{replaced(kTimetable, "kind: lesson}", "kind: lesson")};
    const auto errors = errors_of(school);
    BOOST_REQUIRE(!errors.empty());
    BOOST_TEST(errors.front().file == school.timetable());
    BOOST_TEST(errors.front().line >= 6);
}

BOOST_AUTO_TEST_CASE(a_missing_timetable_file_is_named) {
    School school{""};
    const auto errors = errors_of(school);
    BOOST_REQUIRE(!errors.empty());
    BOOST_TEST(errors.front().file == school.timetable());
    BOOST_TEST(errors.front().message.find("cannot read the timetable file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_timetable_file_naming_another_file_is_refused) {
    School school{"timetable: other.yaml\n"};
    const auto errors = errors_of(school);
    BOOST_REQUIRE(!errors.empty());
    BOOST_TEST(errors.front().file == school.timetable());
    BOOST_TEST(errors.front().line == 1);
    BOOST_TEST(errors.front().message.find("not the name of another file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_inline_timetable_still_works_and_has_no_file) {
    const std::string body = kTimetable.substr(kTimetable.find("timetable:\n"));
    School school{"", replaced(kPolicy, "timetable: tt.yaml\n", body)};
    auto loaded = yaml::load_and_compile_policy(school.policy(), kCatalogue);
    BOOST_REQUIRE(loaded.ok());
    BOOST_TEST(loaded.value()->timetable_file().empty());
    BOOST_TEST(loaded.value()->timetable().terms().size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_override_is_read_in_the_files_place) {
    School school{kTimetable};
    std::ofstream{school.dir / "candidate.yaml"} << replaced(kTimetable, "2026-12-18", "2026-08-01");
    auto loaded = yaml::load_and_compile_policy(school.policy(), kCatalogue, yaml::FileOverrides{"", (school.dir / "candidate.yaml").string()});
    BOOST_REQUIRE(!loaded.ok());
    BOOST_TEST(loaded.error().front().file == (school.dir / "candidate.yaml").string());
    BOOST_TEST(loaded.error().front().path == "timetable.terms[0].end");
}

BOOST_AUTO_TEST_CASE(a_timetable_file_checked_as_a_policy_says_what_it_is) {
    School school{kTimetable};
    BOOST_TEST((yaml::file_kind(school.timetable()) == yaml::FileKind::Timetable));
    const auto said = yaml::not_a_policy(school.timetable());
    BOOST_REQUIRE(said.has_value());
    BOOST_TEST(said->find("this is a timetable file, not a policy") != std::string::npos);
    BOOST_TEST(said->find(school.policy()) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
