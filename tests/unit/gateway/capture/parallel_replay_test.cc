#include "gateway/capture/parallel_replay.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "support/replay_harness.h"
#include "gateway/time/school_time_shift.h"

namespace schoolgate::gateway::capture {
namespace {

namespace testing = engine::testing;

struct Parallel {
    testing::Outcome outcome;
    Result<void, std::string> captured = Result<void, std::string>::success();
};

Parallel replay_parallel(const std::string& path, std::size_t workers, std::optional<WallTime> first_at = {},
                         SharedWalk::Shape shape = {}) {
    testing::LineSink sink;
    auto replay =
        ParallelReplay::open(path, testing::recording_everything(), testing::hillside_snapshot(), sink, workers, shape);
    BOOST_REQUIRE_MESSAGE(replay, path << " is read in place");
    auto captured = replay->run(first_at);
    return {{sink.sorted(), replay->counters(), replay->flow_counters()}, std::move(captured)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ParallelReplayTest)

// Threads each walking the mapped capture: the same events and counts as one engine on every project
// capture read in place.
BOOST_AUTO_TEST_CASE(workers_on_their_own_threads_decide_as_one_engine_does) {
    std::size_t compared = 0;
    for (const auto& path : testing::project_captures()) {
        if (PcapFileSource::open_shared(path, 1).empty()) continue;  // pcapng: engine::ShardedEngine's
        const auto single = testing::replay_single(path);
        BOOST_TEST_CONTEXT(path) {
            const auto parallel = replay_parallel(path, 2);
            BOOST_TEST(parallel.captured.ok());
            testing::check_same_as_one_engine(parallel.outcome, single);
        }
        ++compared;
    }
    BOOST_TEST(compared > 40u);
}

// The walk cut into chunks of one record, listed by three workers round a ring of three chunks: the
// hand-over of the listing, the ring's reuse and the end of the capture at every step.
BOOST_AUTO_TEST_CASE(a_walk_in_many_small_chunks_decides_as_one_engine_does) {
    for (const char* name : {"/pcaps/demo/hillside-five-people.pcap", "/pcaps/link/ipv4-fragments.pcap",
                             "/pcaps/link/vlan-8021q-facebook.pcap", "/pcaps/link/ipv6-extension-headers-x-com.pcap"}) {
        const std::string path = std::string{SG_SOURCE_DIR} + name;
        BOOST_TEST_CONTEXT(path) {
            const auto parallel = replay_parallel(path, 3, {}, {1, 3, 1});
            BOOST_TEST(parallel.captured.ok());
            testing::check_same_as_one_engine(parallel.outcome, testing::replay_single(path));
        }
    }
}

// replay --school-time: every worker shifts by the first packet of the capture, as one engine does.
BOOST_AUTO_TEST_CASE(every_worker_moves_the_capture_to_the_same_school_time) {
    const std::string path = SG_SOURCE_DIR "/pcaps/demo/hillside-five-people.pcap";
    const WallTime first_at{std::chrono::seconds{1'772'619'300}};  // 2026-03-04 10:15 UTC
    testing::LineSink sink;
    engine::InspectionEngine engine{testing::recording_everything(), testing::hillside_snapshot(), sink};
    auto shift = time::SchoolTimeShift::first_packet_at(first_at);
    testing::for_each_frame(path, [&](const engine::Frame& frame) {
        engine.on_frame({frame.link, frame.bytes, shift.apply(frame.ts), {}});
    });
    engine.finish();
    const auto parallel = replay_parallel(path, 3, first_at);
    BOOST_TEST(parallel.outcome.events == sink.sorted(), boost::test_tools::per_element());
}

// A capture cut short: every worker stops at the same packet with the single reader's error, after
// inspecting and settling what came before it.
BOOST_AUTO_TEST_CASE(a_truncated_capture_fails_with_the_readers_error_after_the_packets_before_it) {
    const std::string path = SG_SOURCE_DIR "/pcaps/bad/truncated-file.pcap";
    auto source = PcapFileSource::open(path);
    BOOST_REQUIRE(source.ok());
    testing::LineSink sink;
    engine::InspectionEngine engine{testing::recording_everything(), testing::hillside_snapshot(), sink};
    CapturedPacket captured;
    std::string error;
    while (true) {
        const auto read = source.value()->next(captured);
        if (!read.ok()) {
            error = read.error();
            break;
        }
        if (read.value() == ReadStatus::EndOfFile) break;
        engine.on_frame({source.value()->link_type(), captured.frame, captured.ts, {}});
    }
    engine.finish();
    BOOST_REQUIRE(!error.empty());
    for (const SharedWalk::Shape shape : {SharedWalk::Shape{}, SharedWalk::Shape{1, 2, 0}}) {
        const auto parallel = replay_parallel(path, 2, {}, shape);
        BOOST_REQUIRE(!parallel.captured.ok());
        BOOST_TEST(parallel.captured.error() == error);
        testing::check_same_as_one_engine(parallel.outcome,
                                          {sink.sorted(), engine.counters(), engine.flow_table().counters()});
    }
}

BOOST_AUTO_TEST_CASE(a_capture_libpcap_must_read_is_left_to_one_reader) {
    testing::LineSink sink;
    BOOST_TEST(!ParallelReplay::open(SG_SOURCE_DIR "/pcaps/link/pcapng-instagram.pcapng", testing::recording_everything(),
                                     testing::hillside_snapshot(), sink, 2));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::capture
