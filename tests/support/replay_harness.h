#pragma once

// What the tests of several workers compare against: a capture through one engine, its events without
// flow ids (each worker numbers its own flows) and its counters.

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "config/yaml/policy_loader.h"
#include "gateway/capture/pcap_file_source.h"
#include "gateway/engine/inspection_engine.h"
#include "gateway/events/event_json.h"
#include "support/engine_test_parts.h"

namespace schoolgate::gateway::engine::testing {

inline std::shared_ptr<const policy::PolicySnapshot> load_hillside_snapshot() { return example_snapshot("hillside.yaml"); }

/// Loaded once: the snapshot is immutable and shared by every engine, as in the daemon.
inline std::shared_ptr<const policy::PolicySnapshot> hillside_snapshot() {
    static const auto snapshot = load_hillside_snapshot();
    return snapshot;
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

/// Every frame of the capture, in order (read the way replay reads it).
inline void for_each_frame(const std::string& path, const std::function<void(const Frame&)>& each) {
    auto source = capture::PcapFileSource::open(path);
    BOOST_REQUIRE_MESSAGE(source.ok(), path);
    capture::CapturedPacket captured;
    while (true) {
        const auto read = source.value()->next(captured);
        BOOST_REQUIRE_MESSAGE(read.ok(), (read.ok() ? path : read.error()));
        if (read.value() == capture::ReadStatus::EndOfFile) break;
        each({source.value()->link_type(), captured.frame, captured.ts, {}});
    }
}

inline EngineConfig recording_everything() {
    EngineConfig config;
    config.record_allowed = true;
    return config;
}

inline Outcome replay_single(const std::string& path) {
    LineSink sink;
    InspectionEngine engine{recording_everything(), hillside_snapshot(), sink};
    for_each_frame(path, [&](const Frame& frame) { engine.on_frame(frame); });
    engine.finish();
    return {sink.sorted(), engine.counters(), engine.flow_table().counters()};
}

/// The project's captures that read to their end (pcaps/bad/ is unreadable on purpose).
inline std::vector<std::string> project_captures() {
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator{SG_SOURCE_DIR "/pcaps"}) {
        const auto extension = entry.path().extension();
        if (entry.path().parent_path().filename() == "bad") continue;
        if (extension == ".pcap" || extension == ".pcapng") paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

/// Several workers' outcome against one engine's: the same events and the same counts, every anomaly
/// by name.
inline void check_same_as_one_engine(const Outcome& workers, const Outcome& single) {
    BOOST_TEST(workers.events == single.events, boost::test_tools::per_element());
    BOOST_TEST(workers.counters.packets == single.counters.packets);
    BOOST_TEST(workers.counters.bytes == single.counters.bytes);
    BOOST_TEST(workers.counters.packets_not_inspected == single.counters.packets_not_inspected);
    BOOST_TEST(workers.counters.packets_malformed == single.counters.packets_malformed);
    BOOST_TEST(workers.counters.packets_fragmented == single.counters.packets_fragmented);
    BOOST_TEST(workers.counters.datagrams_reassembled == single.counters.datagrams_reassembled);
    BOOST_TEST(workers.counters.flows_decided == single.counters.flows_decided);
    BOOST_TEST(workers.counters.events_written == single.counters.events_written);
    BOOST_TEST(workers.counters.alerts_raised == single.counters.alerts_raised);
    for (std::size_t i = 0; i < classifiers::kAnomalyCount; ++i) {
        const auto anomaly = static_cast<classifiers::Anomaly>(i);
        BOOST_TEST(workers.counters.anomalies.count(anomaly) == single.counters.anomalies.count(anomaly),
                   "anomaly " << i);
    }
    BOOST_TEST(workers.counters.flows_by_service == single.counters.flows_by_service);
    BOOST_TEST(workers.flows.created == single.flows.created);
}

}  // namespace schoolgate::gateway::engine::testing
