// Fuzz target: the capture reader (gateway/capture/pcap_file_source.h, libpcap underneath) and everything
// after it, as `schoolgate replay --all-flows` runs: decode, flow table, classifiers, decide() with the
// Hillside demo policy, and the JSON event serializer.
// Input: a pcap or pcapng file, written to a scratch file (libpcap opens paths). Every event must come out
// as exactly one line of valid JSON, whatever names the packets carried.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "config/yaml/policy_loader.h"
#include "fuzz/fuzz_input.h"
#include "gateway/capture/pcap_file_source.h"
#include "gateway/engine/inspection_engine.h"
#include "gateway/events/event_json.h"
#include "gateway/events/event_sink.h"

namespace {

namespace gw = schoolgate::gateway;

/// Checks each event line the way a log collector would read it, then drops it.
class CheckingSink final : public gw::events::EventSink {
public:
    void record(const gw::events::VerdictEvent& event) override { check(gw::events::to_json_line(event)); }
    void record(const gw::events::AlertEvent& event) override { check(gw::events::to_json_line(event)); }

private:
    static void check(const std::string& line) {
        if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) std::abort();
        const auto parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!parsed.is_object() || !parsed.contains("event")) std::abort();
    }
};

std::shared_ptr<const gw::policy::PolicySnapshot> hillside() {
    auto compiled = schoolgate::config::yaml::load_and_compile_policy(
        SG_SOURCE_DIR "/config/examples/hillside.yaml", SG_SOURCE_DIR "/config/catalogue/services.yaml");
    if (!compiled.ok()) std::abort();
    return gw::policy::PolicySnapshot::make(std::move(compiled).value(), 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const schoolgate::fuzz::ScratchFile scratch{"capture.pcap"};
    static const auto snapshot = hillside();
    auto source = gw::capture::PcapFileSource::open(scratch.write({data, size}));
    if (!source.ok()) return 0;

    CheckingSink sink;
    gw::engine::EngineConfig config;
    config.record_allowed = true;
    config.flows.capacity = 64;
    config.dns_cache_capacity = 64;
    gw::engine::InspectionEngine engine{config, snapshot, sink};
    gw::capture::CapturedPacket captured;
    // A corrupt capture ends with an error: that is the expected outcome here, the run only looks for crashes.
    while (true) {
        const auto read = source.value()->next(captured);
        if (!read.ok() || read.value() == gw::capture::ReadStatus::EndOfFile) break;
        engine.on_frame({source.value()->link_type(), captured.frame, captured.ts, {}});
    }
    engine.finish();
    return 0;
}
