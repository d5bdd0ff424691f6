#include "gateway/events/retention_sweeper.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "support/temp_directory.h"

namespace schoolgate::gateway::events {
namespace {

using test::list_names;
using test::read_text;
using test::TempDirectory;

const std::chrono::sys_days kMarch31{std::chrono::year{2026} / std::chrono::March / 31};

void touch(const std::string& path) { std::ofstream{path} << "{}\n"; }

BOOST_AUTO_TEST_SUITE(RetentionSweeperTest)

BOOST_AUTO_TEST_CASE(deletes_exactly_the_log_files_older_than_retention) {
    TempDirectory dir;
    TempDirectory elsewhere;
    const std::vector<std::string> old_logs{"events-2026-01-01.12.jsonl", "events-2026-02-28.1.jsonl",
                                            "events-2026-02-28.jsonl"};
    const std::vector<std::string> kept_files{
        "events-2026-03-01.jsonl",     // exactly 30 days before: kept
        "events-2026-03-31.jsonl",     // today
        "events-2026-03-31.1.jsonl",   //
        "other-2026-01-01.jsonl",      // another base name
        "events-2026-01-01.jsonl.bak",  // not a name the writer makes
        "events-2026-01-01.jsonl.gz",   //
        "events-2026-02-30.jsonl",      // not a date
        "events-2026-01-01.01.jsonl",   // not an index the writer makes
        "events-2026-01-01.0.jsonl",    //
        "events-2026-1-01.jsonl",       //
        "xevents-2026-01-01.jsonl",     //
        "notes.txt",
    };
    for (const auto& name : old_logs) touch(dir / name);
    for (const auto& name : kept_files) touch(dir / name);
    const std::string target = elsewhere / "precious";
    touch(target);
    BOOST_TEST_REQUIRE(::symlink(target.c_str(), (dir / "events-2026-01-02.jsonl").c_str()) == 0);
    std::filesystem::create_directory(dir / "events-2026-01-03.jsonl");

    const RetentionSweeper sweeper{dir.path(), "events", 30};
    const auto result = sweeper.sweep(kMarch31);

    BOOST_TEST(result.deleted == old_logs, boost::test_tools::per_element());
    BOOST_TEST(result.error == "");
    std::vector<std::string> expected = kept_files;
    expected.push_back("events-2026-01-02.jsonl");
    expected.push_back("events-2026-01-03.jsonl");
    std::sort(expected.begin(), expected.end());
    BOOST_TEST(list_names(dir.path()) == expected, boost::test_tools::per_element());
    BOOST_TEST(read_text(target) == "{}\n");
    BOOST_TEST(std::filesystem::is_symlink(dir / "events-2026-01-02.jsonl"));
    BOOST_TEST(std::filesystem::is_directory(dir / "events-2026-01-03.jsonl"));

    BOOST_TEST(sweeper.sweep(kMarch31).deleted.empty());  // nothing more to do
}

BOOST_AUTO_TEST_CASE(retention_of_one_day_keeps_yesterday) {
    TempDirectory dir;
    touch(dir / "events-2026-03-30.jsonl");
    touch(dir / "events-2026-03-29.jsonl");
    const auto result = RetentionSweeper{dir.path(), "events", 1}.sweep(kMarch31);
    BOOST_TEST(result.deleted == std::vector<std::string>{"events-2026-03-29.jsonl"},
               boost::test_tools::per_element());
    BOOST_TEST(list_names(dir.path()) == std::vector<std::string>{"events-2026-03-30.jsonl"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(zero_days_keeps_for_ever) {
    TempDirectory dir;
    touch(dir / "events-2000-01-01.jsonl");
    const auto result = RetentionSweeper{dir.path(), "events", 0}.sweep(kMarch31);
    BOOST_TEST(result.deleted.empty());
    BOOST_TEST(list_names(dir.path()) == std::vector<std::string>{"events-2000-01-01.jsonl"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_reported_not_thrown) {
    TempDirectory dir;
    const auto result = RetentionSweeper{dir / "missing", "events", 30}.sweep(kMarch31);
    BOOST_TEST(result.deleted.empty());
    BOOST_TEST(result.error == "cannot open log directory " + (dir / "missing") +
                                   " for the retention sweep: No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
