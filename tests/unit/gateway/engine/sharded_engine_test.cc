#include "gateway/engine/sharded_engine.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "gateway/engine/flow_shard.h"
#include "gateway/engine/packet_batch.h"
#include "support/replay_harness.h"

namespace schoolgate::gateway::engine {
namespace {

using testing::hillside_snapshot;
using testing::LineSink;
using testing::Outcome;
using testing::recording_everything;

Outcome replay_sharded(const std::string& path, std::size_t workers) {
    LineSink sink;
    ShardedEngine engine{recording_everything(), hillside_snapshot(), sink, workers};
    testing::for_each_frame(path, [&](const Frame& frame) { engine.on_frame(frame); });
    engine.finish();
    return {sink.sorted(), engine.counters(), engine.flow_counters()};
}

decode::PacketView packet(const char* src, std::uint16_t src_port, const char* dst, std::uint16_t dst_port) {
    decode::PacketView view;
    view.src = *net::IpAddress::parse(src);
    view.dst = *net::IpAddress::parse(dst);
    view.src_port = src_port;
    view.dst_port = dst_port;
    return view;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ShardedEngineTest)

BOOST_AUTO_TEST_CASE(both_directions_of_a_flow_and_all_flows_of_a_client_share_a_worker) {
    for (std::size_t shards : {2u, 3u, 16u}) {
        const auto dns = flow_shard(packet("10.1.2.3", 50000, "192.0.2.53", 53), shards);
        BOOST_TEST(flow_shard(packet("192.0.2.53", 53, "10.1.2.3", 50000), shards) == dns);
        BOOST_TEST(flow_shard(packet("10.1.2.3", 50001, "157.240.1.35", 443), shards) == dns);
        BOOST_TEST(flow_shard(packet("157.240.1.35", 443, "10.1.2.3", 50001), shards) == dns);
        // Equal ports (ESP and GRE have none): the lower address, from either side.
        BOOST_TEST(flow_shard(packet("10.1.2.3", 0, "203.0.113.9", 0), shards) ==
                   flow_shard(packet("203.0.113.9", 0, "10.1.2.3", 0), shards));
        BOOST_TEST(flow_shard(packet("2001:db8::1", 5353, "ff02::fb", 5353), shards) < shards);
    }
}

BOOST_AUTO_TEST_CASE(clients_spread_over_the_workers) {
    std::vector<std::size_t> per_worker(4, 0);
    for (int host = 0; host < 4000; ++host) {
        const std::string client = "10.20." + std::to_string(host / 250) + "." + std::to_string(host % 250);
        ++per_worker[flow_shard(packet(client.c_str(), 40000, "192.0.2.1", 443), 4)];
    }
    for (const auto count : per_worker) BOOST_TEST((count > 800 && count < 1200), "a worker has " << count << " of 4000");
}

BOOST_AUTO_TEST_CASE(a_batch_keeps_its_own_copy_of_each_frame) {
    std::vector<std::uint8_t> frame{1, 2, 3, 4, 5, 6, 7, 8};
    decode::PacketView view;
    view.ip_packet = std::span<const std::uint8_t>{frame}.subspan(2);
    view.payload = std::span<const std::uint8_t>{frame}.subspan(6);
    PacketBatch batch;
    BOOST_TEST(batch.fits(frame.size()));
    batch.add({decode::DecodeStatus::Ok}, view, frame);
    std::fill(frame.begin(), frame.end(), 0);  // the capture's buffer is reused for the next packet
    const auto& item = batch.items().front();
    BOOST_TEST(item.wire_bytes == 8u);
    BOOST_TEST(std::vector<std::uint8_t>(item.view.ip_packet.begin(), item.view.ip_packet.end()) ==
               (std::vector<std::uint8_t>{3, 4, 5, 6, 7, 8}));
    BOOST_TEST(std::vector<std::uint8_t>(item.view.payload.begin(), item.view.payload.end()) ==
               (std::vector<std::uint8_t>{7, 8}));
    BOOST_TEST(!batch.fits(PacketBatch::kBufferBytes));
    batch.clear();
    BOOST_TEST(batch.fits(PacketBatch::kBufferBytes));
}

// The same capture through one engine and through several workers: the same events (flow ids aside, as
// each worker numbers its own flows) and the same counts.
BOOST_AUTO_TEST_CASE(workers_decide_every_project_capture_as_one_engine_does) {
    const auto paths = testing::project_captures();
    BOOST_REQUIRE(paths.size() > 40);
    for (const auto& path : paths) {
        const auto single = testing::replay_single(path);
        for (std::size_t workers : {2u, 3u}) {
            BOOST_TEST_CONTEXT(path << " with " << workers << " workers") {
                testing::check_same_as_one_engine(replay_sharded(path, workers), single);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(finishing_twice_and_destroying_unfinished_are_safe) {
    LineSink sink;
    {
        ShardedEngine engine{recording_everything(), hillside_snapshot(), sink, 2};
        testing::for_each_frame(SG_SOURCE_DIR "/pcaps/demo/hillside-five-people.pcap",
                                [&](const Frame& frame) { engine.on_frame(frame); });
    }  // the destructor finishes: every flow is settled and recorded
    const auto recorded = sink.lines.size();
    BOOST_TEST(recorded > 0u);
    ShardedEngine engine{recording_everything(), hillside_snapshot(), sink, 2};
    engine.finish();
    engine.finish();
    BOOST_TEST(sink.lines.size() == recorded);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::engine
