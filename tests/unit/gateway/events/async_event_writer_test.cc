#include "gateway/events/async_event_writer.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gateway/events/event_json.h"
#include "support/atomic_test_clock.h"
#include "support/event_log_files.h"
#include "support/temp_directory.h"

namespace schoolgate::gateway::events {
namespace {

using namespace std::chrono_literals;
using test::AtomicTestClock;
using test::block_event;
using test::list_names;
using test::parse_event_lines;
using test::TempDirectory;

const std::chrono::sys_days kMarch4{std::chrono::year{2026} / std::chrono::March / 4};
const WallTime kTenAm = WallTime{kMarch4} + 10h;

EventLogConfig config_for(const std::string& directory, std::size_t queue_capacity = 1024) {
    EventLogConfig config;
    config.directory = directory;
    config.queue_capacity = queue_capacity;
    config.retention_days = 30;
    return config;
}

/// The flow id as the serializer writes it.
nlohmann::json flow_id_of(std::uint64_t flow) {
    return nlohmann::json::parse(to_json_line(block_event(flow)))["flow_id"];
}

BOOST_AUTO_TEST_SUITE(AsyncEventWriterTest)

BOOST_AUTO_TEST_CASE(events_from_several_threads_are_all_written_as_json_lines) {
    TempDirectory dir;
    AtomicTestClock clock{kTenAm};
    AsyncEventWriter writer{config_for(dir.path()), clock};
    std::vector<std::thread> threads;
    for (std::uint64_t t = 0; t < 4; ++t) {
        threads.emplace_back([&writer, t] {
            for (std::uint64_t i = 1; i <= 50; ++i) writer.record(block_event(t * 1000 + i, i));
        });
    }
    for (auto& thread : threads) thread.join();
    writer.flush();

    const auto events = parse_event_lines(dir / "events-2026-03-04.jsonl");
    BOOST_TEST(events.size() == 200u);
    std::set<std::string> flows;
    for (const auto& event : events) {
        BOOST_TEST(event["event"] == "verdict");
        flows.insert(event["flow_id"].get<std::string>());
    }
    BOOST_TEST(flows.size() == 200u);
    const auto stats = writer.stats();
    BOOST_TEST(stats.written == 200u);
    BOOST_TEST(stats.lost_queue_full == 0u);
    BOOST_TEST(stats.lost_write_failed == 0u);
    BOOST_TEST(stats.files_opened == 1u);
    BOOST_TEST(stats.last_error == "");
}

BOOST_AUTO_TEST_CASE(a_full_queue_loses_events_and_writes_a_gap_with_the_exact_count) {
    TempDirectory dir;
    AtomicTestClock clock{kTenAm};
    AsyncEventWriter writer{config_for(dir.path(), 4), clock};
    writer.pause_for_test();  // the writer thread takes nothing: the queue fills exactly
    for (std::uint64_t flow = 1; flow <= 10; ++flow) writer.record(block_event(flow));
    BOOST_TEST(writer.stats().lost_queue_full == 6u);
    clock.advance(5s);
    writer.resume_for_test();
    writer.flush();
    writer.record(block_event(11));
    writer.flush();

    const auto events = parse_event_lines(dir / "events-2026-03-04.jsonl");
    BOOST_TEST_REQUIRE(events.size() == 6u);
    for (std::uint64_t i = 0; i < 4; ++i) BOOST_TEST(events[i]["flow_id"] == flow_id_of(i + 1));
    BOOST_TEST(events[4] == nlohmann::json::parse(gap_json_line(kTenAm + 5s, kTenAm, 6, "queue_full")));
    BOOST_TEST(events[4]["lost"] == 6);
    BOOST_TEST(events[5]["flow_id"] == flow_id_of(11));
    const auto stats = writer.stats();
    BOOST_TEST(stats.written == 5u);
    BOOST_TEST(stats.gaps_written == 1u);
    BOOST_TEST(stats.lost_queue_full == 6u);
}

BOOST_AUTO_TEST_CASE(losses_at_shutdown_still_get_their_gap_line) {
    TempDirectory dir;
    AtomicTestClock clock{kTenAm};
    AsyncEventWriter writer{config_for(dir.path(), 2), clock};
    writer.pause_for_test();
    for (std::uint64_t flow = 1; flow <= 5; ++flow) writer.record(block_event(flow));
    writer.stop();  // ends the pause, drains, writes the gap, joins
    writer.stop();  // idempotent
    writer.record(block_event(6));
    writer.flush();  // returns at once after stop()

    const auto events = parse_event_lines(dir / "events-2026-03-04.jsonl");
    BOOST_TEST_REQUIRE(events.size() == 3u);
    BOOST_TEST(events[2] == nlohmann::json::parse(gap_json_line(kTenAm, kTenAm, 3, "queue_full")));
    BOOST_TEST(writer.stats().lost_after_stop == 1u);
    BOOST_TEST(writer.stats().written == 2u);
}

BOOST_AUTO_TEST_CASE(rolls_over_at_midnight_and_sweeps_old_days) {
    TempDirectory dir;
    for (const char* name : {"events-2026-01-01.jsonl", "events-2026-03-02.jsonl", "events-2026-03-03.jsonl",
                             "unrelated-2026-01-01.jsonl"}) {
        std::ofstream{dir / name} << "{}\n";
    }
    AtomicTestClock clock{WallTime{kMarch4} + 23h + 59min + 59s + 500ms};
    auto config = config_for(dir.path());
    config.retention_days = 2;
    AsyncEventWriter writer{config, clock};
    BOOST_TEST(writer.stats().files_deleted == 1u);  // at start: 01-01 only (03-02 is two days before 03-04)
    writer.record(block_event(1));
    writer.flush();
    clock.advance(1s);  // 2026-03-05T00:00:00.5Z
    writer.record(block_event(2));
    writer.flush();

    BOOST_TEST(list_names(dir.path()) ==
                   (std::vector<std::string>{"events-2026-03-03.jsonl", "events-2026-03-04.jsonl",
                                             "events-2026-03-05.jsonl", "unrelated-2026-01-01.jsonl"}),
               boost::test_tools::per_element());
    const auto before = parse_event_lines(dir / "events-2026-03-04.jsonl");
    const auto after = parse_event_lines(dir / "events-2026-03-05.jsonl");
    BOOST_TEST_REQUIRE(before.size() == 1u);
    BOOST_TEST_REQUIRE(after.size() == 1u);
    BOOST_TEST(before[0]["flow_id"] == flow_id_of(1));
    BOOST_TEST(after[0]["flow_id"] == flow_id_of(2));
    const auto stats = writer.stats();
    BOOST_TEST(stats.files_deleted == 2u);
    BOOST_TEST(stats.files_opened == 2u);
}

BOOST_AUTO_TEST_CASE(an_unwritable_directory_counts_losses_and_writes_a_gap_when_it_works_again) {
    // Root ignores permission bits, so the directory is made unusable another way: a regular file in its
    // place (open fails with ENOTDIR), later replaced by a real directory.
    TempDirectory dir;
    const std::string log_dir = dir / "log";
    std::ofstream{log_dir} << "not a directory\n";
    AtomicTestClock clock{kTenAm};
    AsyncEventWriter writer{config_for(log_dir), clock};
    BOOST_TEST(writer.stats().write_errors == 1u);
    BOOST_TEST(writer.stats().last_error == "cannot open log directory " + log_dir + ": Not a directory");

    for (std::uint64_t flow = 1; flow <= 3; ++flow) writer.record(block_event(flow));
    writer.flush();
    BOOST_TEST(writer.stats().lost_write_failed == 3u);
    BOOST_TEST(writer.stats().write_errors == 1u);  // not retried within the second

    std::filesystem::remove(log_dir);
    std::filesystem::create_directory(log_dir);
    writer.record(block_event(4));  // the directory works, but the retry interval has not passed
    writer.flush();
    BOOST_TEST(writer.stats().lost_write_failed == 4u);
    BOOST_TEST(writer.stats().write_errors == 1u);

    clock.advance(2s);
    writer.record(block_event(5));
    writer.flush();
    const auto events = parse_event_lines(log_dir + "/events-2026-03-04.jsonl");
    BOOST_TEST_REQUIRE(events.size() == 2u);
    BOOST_TEST(events[0] == nlohmann::json::parse(gap_json_line(kTenAm + 2s, kTenAm, 4, "write_failed")));
    BOOST_TEST(events[1]["flow_id"] == flow_id_of(5));
    const auto stats = writer.stats();
    BOOST_TEST(stats.written == 1u);
    BOOST_TEST(stats.gaps_written == 1u);
    BOOST_TEST(stats.lost_write_failed == 4u);
    BOOST_TEST(stats.files_opened == 1u);
}

BOOST_AUTO_TEST_CASE(an_idle_writer_writes_an_owed_gap_once_the_file_works) {
    TempDirectory dir;
    const std::string log_dir = dir / "log";
    std::ofstream{log_dir} << "not a directory\n";
    AtomicTestClock clock{kTenAm};
    AsyncEventWriter writer{config_for(log_dir), clock};
    writer.record(block_event(1));
    writer.flush();
    std::filesystem::remove(log_dir);
    std::filesystem::create_directory(log_dir);
    clock.advance(1s);
    writer.flush();  // no event: the writer still tries the gap it owes
    const auto events = parse_event_lines(log_dir + "/events-2026-03-04.jsonl");
    BOOST_TEST_REQUIRE(events.size() == 1u);
    BOOST_TEST(events[0] == nlohmann::json::parse(gap_json_line(kTenAm + 1s, kTenAm, 1, "write_failed")));
}

BOOST_AUTO_TEST_CASE(an_invalid_syslog_facility_turns_the_copy_off_and_says_so) {
    TempDirectory dir;
    AtomicTestClock clock{kTenAm};
    auto config = config_for(dir.path());
    config.syslog = true;
    config.syslog_facility = "local9";
    AsyncEventWriter writer{config, clock};
    BOOST_TEST(writer.stats().last_error ==
               "events.syslog_facility: unknown syslog facility 'local9' (use local0 .. local7, daemon or user); "
               "the syslog copy is off");
    writer.record(block_event(1));
    writer.flush();
    BOOST_TEST(parse_event_lines(dir / "events-2026-03-04.jsonl").size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
