#include "gateway/engine/shard_worker.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

#include "gateway/engine/flow_shard.h"
#include "gateway/engine/quick_shard.h"
#include "support/replay_harness.h"

namespace schoolgate::gateway::engine {
namespace {

using testing::LineSink;
using testing::Outcome;

// What the pre-parse must never get wrong: a frame decoding passes on with a flow gets the worker
// decoded_shard() gives it, and a fragment is never placed (every worker's reassembler must see it).
// Returns whether the pre-parse placed the frame.
bool check_pre_parse(decode::LinkType link, std::span<const std::uint8_t> bytes, std::size_t shards) {
    decode::PacketView view;
    const auto outcome = decode::decode_packet(link, bytes, view);
    const auto placed = quick_shard(link, bytes, shards);
    if (!placed) return false;
    BOOST_TEST(*placed < shards);
    BOOST_TEST((outcome.status != decode::DecodeStatus::Fragment), "a fragment placed without reassembly");
    if (carries_flow(outcome, view)) BOOST_TEST(*placed == flow_shard(view, shards));
    return true;
}

Outcome replay_shard_workers(const std::string& path, std::size_t workers) {
    LineSink sink;
    std::vector<std::unique_ptr<ShardWorker>> shards;
    const auto config = worker_share(testing::recording_everything(), workers);
    for (std::size_t i = 0; i < workers; ++i) {
        shards.push_back(std::make_unique<ShardWorker>(config, testing::hillside_snapshot(), sink, i, workers));
    }
    // One thread, every worker handed every frame in turn: what ParallelReplay's threads do, deterministically.
    testing::for_each_frame(path, [&](const Frame& frame) {
        for (auto& shard : shards) shard->on_frame(frame);
    });
    Outcome outcome;
    for (auto& shard : shards) {
        shard->finish();
        outcome.counters += shard->counters();
        outcome.flows += shard->flow_counters();
    }
    outcome.events = sink.sorted();
    return outcome;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ShardWorkerTest)

BOOST_AUTO_TEST_CASE(the_pre_parse_places_every_frame_of_the_project_captures_where_decoding_would) {
    std::size_t frames = 0;
    std::size_t placed = 0;
    auto paths = testing::project_captures();
    paths.push_back(SG_SOURCE_DIR "/pcaps/bad/malformed-packets.pcap");
    for (const auto& path : paths) {
        BOOST_TEST_CONTEXT(path) {
            testing::for_each_frame(path, [&](const Frame& frame) {
                ++frames;
                for (std::size_t shards : {2u, 3u, 16u}) {
                    if (check_pre_parse(frame.link, frame.bytes, shards) && shards == 2) ++placed;
                }
            });
        }
    }
    // Most frames are placed without decoding (fragments, VLAN, extension headers, cooked links are not).
    BOOST_TEST(placed * 10 > frames * 8, placed << " of " << frames << " frames placed by the pre-parse");
}

// Frames with bytes changed at random in their headers (lengths, versions, fragment bits, next headers):
// the pre-parse still places none where decoding would not.
BOOST_AUTO_TEST_CASE(the_pre_parse_agrees_with_decoding_on_damaged_frames) {
    std::mt19937 random{19};
    std::size_t damaged = 0;
    for (const char* path : {"/pcaps/link/ipv4-fragments.pcap", "/pcaps/link/ipv6-extension-headers-x-com.pcap",
                             "/pcaps/link/raw-ip-x-com.pcap", "/pcaps/demo/hillside-five-people.pcap"}) {
        testing::for_each_frame(std::string{SG_SOURCE_DIR} + path, [&](const Frame& frame) {
            std::vector<std::uint8_t> bytes(frame.bytes.begin(), frame.bytes.end());
            for (int round = 0; round < 40 && !bytes.empty(); ++round) {
                auto copy = bytes;
                const std::size_t reach = std::min<std::size_t>(copy.size(), 80);
                for (int flips = 0; flips < 2; ++flips) copy[random() % reach] = static_cast<std::uint8_t>(random());
                if (random() % 4 == 0) copy.resize(random() % (copy.size() + 1));
                check_pre_parse(frame.link, copy, 2);
                check_pre_parse(frame.link, copy, 3);
                ++damaged;
            }
        });
    }
    BOOST_TEST(damaged > 1000u);
}

// Each worker handed the whole capture and keeping its own shard: the same events (flow ids aside) and
// the same counts, every anomaly by name (reassembly's counted once), as one engine.
BOOST_AUTO_TEST_CASE(workers_reading_for_themselves_decide_every_project_capture_as_one_engine_does) {
    auto paths = testing::project_captures();
    BOOST_REQUIRE(paths.size() > 40);
    paths.push_back(SG_SOURCE_DIR "/pcaps/bad/malformed-packets.pcap");
    for (const auto& path : paths) {
        // Three workers here; ParallelReplayTest runs two on their threads.
        BOOST_TEST_CONTEXT(path) { testing::check_same_as_one_engine(replay_shard_workers(path, 3), testing::replay_single(path)); }
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::engine
