#include "gateway/events/rotating_file_log.h"

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "support/temp_directory.h"

namespace schoolgate::gateway::events {
namespace {

using namespace std::chrono_literals;
using test::list_names;
using test::read_text;
using test::TempDirectory;

WallTime at(std::chrono::year_month_day day, std::chrono::microseconds time_of_day) {
    return WallTime{std::chrono::sys_days{day}} + time_of_day;
}

constexpr std::chrono::year_month_day kMarch4{std::chrono::year{2026}, std::chrono::March, std::chrono::day{4}};

unsigned mode_of(const std::string& path) {
    struct stat st {};
    BOOST_TEST_REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st.st_mode & 07777u;
}

BOOST_AUTO_TEST_SUITE(RotatingFileLogTest)

BOOST_AUTO_TEST_CASE(rolls_to_numbered_files_when_the_next_line_would_pass_the_size) {
    TempDirectory dir;
    time::SimulatedClock clock{at(kMarch4, 10h)};
    // Each line is 12 bytes with its newline: two fit in 25 bytes, a third would not.
    RotatingFileLog log{dir.path(), "events", 25, clock};
    for (int i = 1; i <= 5; ++i) BOOST_TEST(log.write_line("line-" + std::to_string(i) + "-aaaa").ok());

    BOOST_TEST(list_names(dir.path()) ==
                   (std::vector<std::string>{"events-2026-03-04.1.jsonl", "events-2026-03-04.2.jsonl",
                                             "events-2026-03-04.jsonl"}),
               boost::test_tools::per_element());
    BOOST_TEST(read_text(dir / "events-2026-03-04.jsonl") == "line-1-aaaa\nline-2-aaaa\n");
    BOOST_TEST(read_text(dir / "events-2026-03-04.1.jsonl") == "line-3-aaaa\nline-4-aaaa\n");
    BOOST_TEST(read_text(dir / "events-2026-03-04.2.jsonl") == "line-5-aaaa\n");
    BOOST_TEST(log.files_opened() == 3u);
    BOOST_TEST(log.write_errors() == 0u);
    BOOST_TEST(log.current_path() == dir / "events-2026-03-04.2.jsonl");
}

BOOST_AUTO_TEST_CASE(a_line_longer_than_the_limit_goes_alone_into_a_fresh_file) {
    TempDirectory dir;
    time::SimulatedClock clock{at(kMarch4, 10h)};
    RotatingFileLog log{dir.path(), "events", 25, clock};
    BOOST_TEST(log.write_line("short").ok());
    const std::string long_line(40, 'x');
    BOOST_TEST(log.write_line(long_line).ok());
    BOOST_TEST(log.write_line("after").ok());
    BOOST_TEST(read_text(dir / "events-2026-03-04.jsonl") == "short\n");
    BOOST_TEST(read_text(dir / "events-2026-03-04.1.jsonl") == long_line + "\n");
    BOOST_TEST(read_text(dir / "events-2026-03-04.2.jsonl") == "after\n");
}

BOOST_AUTO_TEST_CASE(a_restart_continues_the_days_newest_file) {
    TempDirectory dir;
    time::SimulatedClock clock{at(kMarch4, 10h)};
    {
        RotatingFileLog log{dir.path(), "events", 25, clock};
        for (int i = 1; i <= 3; ++i) BOOST_TEST(log.write_line("line-" + std::to_string(i) + "-aaaa").ok());
    }
    RotatingFileLog restarted{dir.path(), "events", 25, clock};
    BOOST_TEST(restarted.write_line("line-4-aaaa").ok());
    BOOST_TEST(restarted.write_line("line-5-aaaa").ok());
    BOOST_TEST(read_text(dir / "events-2026-03-04.jsonl") == "line-1-aaaa\nline-2-aaaa\n");
    BOOST_TEST(read_text(dir / "events-2026-03-04.1.jsonl") == "line-3-aaaa\nline-4-aaaa\n");
    BOOST_TEST(read_text(dir / "events-2026-03-04.2.jsonl") == "line-5-aaaa\n");
}

BOOST_AUTO_TEST_CASE(never_appends_after_a_line_cut_by_a_crash) {
    TempDirectory dir;
    std::ofstream{dir / "events-2026-03-04.jsonl", std::ios::binary} << "{\"a\":1}\n{\"b\":";
    time::SimulatedClock clock{at(kMarch4, 10h)};
    RotatingFileLog log{dir.path(), "events", 1000, clock};
    BOOST_TEST(log.write_line("{\"c\":3}").ok());
    BOOST_TEST(read_text(dir / "events-2026-03-04.jsonl") == "{\"a\":1}\n{\"b\":");
    BOOST_TEST(read_text(dir / "events-2026-03-04.1.jsonl") == "{\"c\":3}\n");
}

BOOST_AUTO_TEST_CASE(moves_to_the_new_days_file_at_midnight_utc) {
    TempDirectory dir;
    time::SimulatedClock clock{at(kMarch4, 23h + 59min + 59s + 900ms)};
    RotatingFileLog log{dir.path(), "events", 1000, clock};
    BOOST_TEST(log.write_line("before").ok());
    BOOST_TEST((log.current_day() == std::chrono::sys_days{kMarch4}));
    clock.advance(200ms);
    BOOST_TEST(log.write_line("after").ok());
    BOOST_TEST((log.current_day() == std::chrono::sys_days{kMarch4} + std::chrono::days{1}));
    BOOST_TEST(read_text(dir / "events-2026-03-04.jsonl") == "before\n");
    BOOST_TEST(read_text(dir / "events-2026-03-05.jsonl") == "after\n");
}

BOOST_AUTO_TEST_CASE(files_are_0640_whatever_the_umask) {
    for (const mode_t mask : {mode_t{0}, mode_t{077}}) {
        TempDirectory dir;
        time::SimulatedClock clock{at(kMarch4, 10h)};
        RotatingFileLog log{dir.path(), "events", 25, clock};
        const mode_t old_mask = ::umask(mask);
        const bool first = log.write_line("line-1-aaaa").ok();
        const bool second = log.write_line("line-2-aaaa").ok();
        const bool third = log.write_line("line-3-aaaa").ok();  // a rotated file too
        ::umask(old_mask);
        BOOST_TEST_REQUIRE((first && second && third));
        BOOST_TEST(mode_of(dir / "events-2026-03-04.jsonl") == 0640u, "umask " << std::oct << mask);
        BOOST_TEST(mode_of(dir / "events-2026-03-04.1.jsonl") == 0640u, "umask " << std::oct << mask);
    }
}

BOOST_AUTO_TEST_CASE(an_existing_file_with_a_wider_mode_is_narrowed_to_0640) {
    TempDirectory dir;
    const std::string path = dir / "events-2026-03-04.jsonl";
    std::ofstream{path} << "{}\n";
    ::chmod(path.c_str(), 0666);
    time::SimulatedClock clock{at(kMarch4, 10h)};
    RotatingFileLog log{dir.path(), "events", 1000, clock};
    BOOST_TEST(log.write_line("{\"x\":1}").ok());
    BOOST_TEST(mode_of(path) == 0640u);
    BOOST_TEST(read_text(path) == "{}\n{\"x\":1}\n");
}

BOOST_AUTO_TEST_CASE(refuses_a_world_writable_directory) {
    TempDirectory dir;
    ::chmod(dir.path().c_str(), 0777);
    time::SimulatedClock clock{at(kMarch4, 10h)};
    RotatingFileLog log{dir.path(), "events", 1000, clock};
    const auto written = log.write_line("{}");
    BOOST_REQUIRE(!written.ok());
    BOOST_TEST(written.error() == "log directory " + dir.path() +
                                      " is world-writable (anyone could replace or remove the evidence; chmod o-w " +
                                      dir.path() + ")");
    BOOST_TEST(list_names(dir.path()).empty());
    BOOST_TEST(log.write_errors() == 1u);
}

BOOST_AUTO_TEST_CASE(refuses_a_symlink_and_retries_at_most_once_a_second) {
    TempDirectory dir;
    TempDirectory elsewhere;
    const std::string target = elsewhere / "not-the-log";
    std::ofstream{target} << "keep\n";
    const std::string link = dir / "events-2026-03-04.jsonl";
    BOOST_TEST_REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
    time::SimulatedClock clock{at(kMarch4, 10h)};
    RotatingFileLog log{dir.path(), "events", 1000, clock};

    // Every refused write says why, the ones that waited for the interval too.
    for (int i = 0; i < 10; ++i) {
        const auto written = log.write_line("{}");
        BOOST_REQUIRE(!written.ok());
        BOOST_TEST(written.error() == link + " is a symlink (refusing to follow it; remove it)");
    }
    BOOST_TEST(log.write_errors() == 1u);  // ten events, one attempt: the rest waited for the interval
    clock.advance(999ms);
    BOOST_TEST(!log.write_line("{}").ok());
    BOOST_TEST(log.write_errors() == 1u);
    clock.advance(1ms);
    BOOST_TEST(!log.write_line("{}").ok());
    BOOST_TEST(log.write_errors() == 2u);
    BOOST_TEST(read_text(target) == "keep\n");

    std::filesystem::remove(link);
    clock.advance(1s);
    BOOST_TEST(log.write_line("{\"ok\":true}").ok());
    BOOST_TEST(read_text(link) == "{\"ok\":true}\n");
    BOOST_TEST(mode_of(link) == 0640u);  // a regular file now, not the symlink
}

BOOST_AUTO_TEST_CASE(a_short_write_is_cut_back_so_no_half_line_stays) {
    TempDirectory dir;
    time::SimulatedClock clock{at(kMarch4, 10h)};
    RotatingFileLog log{dir.path(), "events", 1000, clock};
    BOOST_TEST_REQUIRE(log.write_line("first-line").ok());  // 11 bytes

    // A file size limit makes the kernel write only what fits (9 of 31 bytes), as a full disk does.
    rlimit old_limit{};
    BOOST_TEST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old_limit;
    small.rlim_cur = 20;
    BOOST_TEST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    const auto written = log.write_line(std::string(30, 'x'));
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);

    BOOST_REQUIRE(!written.ok());
    BOOST_TEST(written.error() == "short write to " + (dir / "events-2026-03-04.jsonl") +
                                      " (9 of 31 bytes; is the disk full?)");
    BOOST_TEST(read_text(dir / "events-2026-03-04.jsonl") == "first-line\n");
    clock.advance(1s);
    BOOST_TEST(log.write_line("after").ok());
    BOOST_TEST(read_text(dir / "events-2026-03-04.jsonl") == "first-line\nafter\n");
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_an_error_then_works_once_created) {
    TempDirectory dir;
    const std::string log_dir = dir / "log";
    std::ofstream{log_dir} << "a file where the directory should be\n";
    time::SimulatedClock clock{at(kMarch4, 10h)};
    RotatingFileLog log{log_dir, "events", 1000, clock};
    const auto opened = log.open_now();
    BOOST_REQUIRE(!opened.ok());
    BOOST_TEST(opened.error() == "cannot open log directory " + log_dir + ": Not a directory");
    std::filesystem::remove(log_dir);
    std::filesystem::create_directory(log_dir);
    BOOST_TEST(!log.write_line("{}").ok());  // within the second: not tried
    clock.advance(1s);
    BOOST_TEST(log.write_line("{}").ok());
    BOOST_TEST(log.write_errors() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
