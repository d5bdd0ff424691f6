#include "gateway/engine/sharded_engine.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "config/yaml/policy_loader.h"
#include "gateway/capture/pcap_file_source.h"
#include "gateway/engine/flow_shard.h"
#include "gateway/engine/packet_batch.h"
#include "gateway/events/event_json.h"

namespace schoolgate::gateway::engine {
namespace {

std::shared_ptr<const policy::PolicySnapshot> hillside_snapshot() {
    auto model = config::yaml::load_policy(SG_SOURCE_DIR "/config/examples/hillside.yaml",
                                           SG_SOURCE_DIR "/config/catalogue/services.yaml");
    BOOST_REQUIRE_MESSAGE(model.ok(), "the hillside policy loads");
    auto compiled = config::compile_policy(std::move(model).value());
    BOOST_REQUIRE_MESSAGE(compiled.ok(), "the hillside policy compiles");
    return policy::PolicySnapshot::make(compiled.value(), 1);
}

/// Every event as its JSON line without the flow id (ids are numbered per flow table, so per worker).
class LineSink final : public events::EventSink {
public:
    void record(const events::VerdictEvent& event) override { lines.push_back(without_flow_id(events::to_json_line(event))); }
    void record(const events::AlertEvent& event) override { lines.push_back(events::to_json_line(event)); }
    std::vector<std::string> sorted() const {
        auto copy = lines;
        std::sort(copy.begin(), copy.end());
        return copy;
    }
    std::vector<std::string> lines;

private:
    static std::string without_flow_id(const std::string& line) {
        static const std::regex flow_id{"\"flow_id\":\"[0-9a-f]{16}\","};
        return std::regex_replace(line, flow_id, "");
    }
};

struct Outcome {
    std::vector<std::string> events;
    EngineCounters counters;
    flow::FlowTableCounters flows;
};

void pump(const std::string& path, FrameConsumer& engine) {
    auto source = capture::PcapFileSource::open(path);
    BOOST_REQUIRE_MESSAGE(source.ok(), path);
    capture::CapturedPacket captured;
    while (true) {
        const auto read = source.value()->next(captured);
        BOOST_REQUIRE_MESSAGE(read.ok(), (read.ok() ? path : read.error()));
        if (read.value() == capture::ReadStatus::EndOfFile) break;
        engine.on_frame({source.value()->link_type(), captured.frame, captured.ts, {}});
    }
}

EngineConfig recording_everything() {
    EngineConfig config;
    config.record_allowed = true;
    return config;
}

Outcome replay_single(const std::string& path) {
    LineSink sink;
    InspectionEngine engine{recording_everything(), hillside_snapshot(), sink};
    pump(path, engine);
    engine.finish();
    return {sink.sorted(), engine.counters(), engine.flow_table().counters()};
}

Outcome replay_sharded(const std::string& path, std::size_t workers) {
    LineSink sink;
    ShardedEngine engine{recording_everything(), hillside_snapshot(), sink, workers};
    pump(path, engine);
    engine.finish();
    return {sink.sorted(), engine.counters(), engine.flow_counters()};
}

std::vector<std::string> project_captures() {
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator{SG_SOURCE_DIR "/pcaps"}) {
        const auto extension = entry.path().extension();
        if (entry.path().parent_path().filename() == "bad") continue;  // unreadable on purpose
        if (extension == ".pcap" || extension == ".pcapng") paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    return paths;
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
    const auto paths = project_captures();
    BOOST_REQUIRE(paths.size() > 40);
    for (const auto& path : paths) {
        const auto single = replay_single(path);
        for (std::size_t workers : {2u, 3u}) {
            const auto sharded = replay_sharded(path, workers);
            BOOST_TEST_CONTEXT(path << " with " << workers << " workers") {
                BOOST_TEST(sharded.events == single.events, boost::test_tools::per_element());
                BOOST_TEST(sharded.counters.packets == single.counters.packets);
                BOOST_TEST(sharded.counters.bytes == single.counters.bytes);
                BOOST_TEST(sharded.counters.flows_decided == single.counters.flows_decided);
                BOOST_TEST(sharded.counters.events_written == single.counters.events_written);
                BOOST_TEST(sharded.counters.alerts_raised == single.counters.alerts_raised);
                BOOST_TEST(sharded.counters.packets_malformed == single.counters.packets_malformed);
                BOOST_TEST(sharded.counters.anomalies.total() == single.counters.anomalies.total());
                BOOST_TEST(sharded.counters.flows_by_service == single.counters.flows_by_service);
                BOOST_TEST(sharded.flows.created == single.flows.created);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(finishing_twice_and_destroying_unfinished_are_safe) {
    LineSink sink;
    {
        ShardedEngine engine{recording_everything(), hillside_snapshot(), sink, 2};
        pump(SG_SOURCE_DIR "/pcaps/demo/hillside-five-people.pcap", engine);
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
