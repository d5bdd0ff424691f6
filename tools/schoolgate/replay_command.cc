#include "tools/schoolgate/replay_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "gateway/capture/parallel_replay.h"
#include "gateway/capture/pcap_file_source.h"
#include "gateway/engine/inspection_engine.h"
#include "gateway/engine/sharded_engine.h"
#include "gateway/events/jsonl_event_writer.h"
#include "gateway/time/clock.h"
#include "gateway/time/school_time_shift.h"
#include "tools/common/policy_loading.h"
#include "tools/schoolgate/replay_identity.h"
#include "tools/schoolgate/replay_summary.h"
#include "tools/schoolgate/text_event_writer.h"

namespace schoolgate::tools {

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const noexcept {
        if (f && f != stdout) std::fclose(f);
    }
};
using OutputFile = std::unique_ptr<std::FILE, FileCloser>;

OutputFile open_events(const std::string& path) {
    if (path == "-") return OutputFile{stdout};
    return OutputFile{std::fopen(path.c_str(), "w")};
}

// Replays the capture's packets through the engine, one worker or many alike. Fails with the capture
// error when the file ended badly.
Result<void, std::string> pump(gateway::capture::PcapFileSource& source, gateway::engine::FrameConsumer& engine,
                                std::optional<WallTime> first_packet_at) {
    gateway::capture::CapturedPacket captured;
    // --school-time: move the whole capture so that its first packet falls at the chosen instant.
    auto shift = gateway::time::SchoolTimeShift::first_packet_at(first_packet_at);
    while (true) {
        const auto status = source.next(captured);
        if (!status.ok()) return Result<void, std::string>::failure(status.error());
        if (status.value() == gateway::capture::ReadStatus::EndOfFile) return Result<void, std::string>::success();
        // The span is rebuilt from its two words, each read as the reader wrote it: a copy of the whole span
        // is one 16-byte load of two 8-byte stores, which the CPU cannot forward (a stall every packet).
        const std::span<const std::uint8_t> frame{captured.frame.data(), captured.frame.size()};
        engine.on_frame({source.link_type(), frame, shift.apply(captured.ts), {}});
    }
}

struct Replayed {
    Result<void, std::string> captured;
    gateway::engine::EngineCounters counters;
    gateway::flow::FlowTableCounters flows;
};

// One engine; or several, each reading a capture read in place for itself (no reader thread), or fed by one
// reader when libpcap must read it (pcapng, a pipe).
Replayed replay_capture(const ReplayOptions& options, gateway::capture::PcapFileSource& source,
                        const gateway::engine::EngineConfig& config,
                        const std::shared_ptr<const gateway::policy::PolicySnapshot>& snapshot,
                        gateway::events::EventSink& sink, std::optional<WallTime> first_packet_at) {
    if (options.workers > 1 && source.mapped()) {
        if (auto parallel = gateway::capture::ParallelReplay::open(options.capture, config, snapshot, sink, options.workers)) {
            auto captured = parallel->run(first_packet_at);
            return {std::move(captured), parallel->counters(), parallel->flow_counters()};
        }
    }
    std::unique_ptr<gateway::engine::FrameConsumer> engine;
    if (options.workers <= 1) {
        engine = std::make_unique<gateway::engine::InspectionEngine>(config, snapshot, sink);
    } else {
        engine = std::make_unique<gateway::engine::ShardedEngine>(config, snapshot, sink, options.workers);
    }
    auto captured = pump(source, *engine, first_packet_at);
    engine->finish();
    return {std::move(captured), engine->counters(), engine->flow_counters()};
}

// A capture from another network (or a policy for another school) decides every flow as role "unknown":
// the events look sound and say nothing about anyone. Say so, whether or not the summary is shown.
void warn_if_nobody_known(const gateway::engine::EngineCounters& counters, const config::CompiledPolicy& policy) {
    if (counters.flows_decided == 0 || counters.flows_unidentified < counters.flows_decided) return;
    std::string networks;
    for (const auto& network : policy.subjects().networks()) networks += (networks.empty() ? "" : ", ") + network.name;
    std::cerr << "warning: none of the " << counters.flows_decided << " flows came from an address in the policy's networks ("
              << (networks.empty() ? "none listed" : networks) << ") or a listed device, so every one was decided as role '"
              << config::Subject{}.role << "'; check that the capture was taken on this school's network and that "
              << "networks: in the policy lists its address ranges\n";
}

}  // namespace

ReplayOptions& add_replay_command(CLI::App& app) {
    static ReplayOptions options;
    auto* replay = app.add_subcommand("replay", "Replay a pcap/pcapng capture through the engine and write verdict events");
    replay->add_option("capture", options.capture, "pcap or pcapng file")->required()->check(CLI::ExistingFile);
    replay->add_option("--policy", options.policy, "school policy (YAML)")->required()->check(CLI::ExistingFile);
    replay->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    replay->add_option("--school-time", options.school_time,
                       "replay the first packet at this school-local time, e.g. 2026-03-04T10:15:00");
    replay->add_option("--events", options.events, "where to write JSON lines ('-' = stdout)");
    replay->add_flag("--all-flows", options.all_flows, "also record allowed flows (tests, investigations)");
    replay->add_option("--format", options.format, "events as JSON lines (jsonl, the schema) or one readable line each (text)")
        ->check(CLI::IsMember({"jsonl", "text"}));
    replay->add_flag("--quiet", options.quiet, "no summary on stderr");
    replay->add_option("--flow-capacity", options.flow_capacity, "flow table capacity (all workers together)")
        ->check(CLI::Range(1u, 1u << 26));
    replay->add_option("--workers", options.workers,
                       "inspection threads, flows shared out by client; more than 1 writes events in thread order")
        ->check(CLI::Range(1u, 64u));
    replay->add_option("--leases", options.leases,
                       "a DHCP server's lease file of the capture's day (default: the policy's identity.dhcp_leases)")
        ->check(CLI::ExistingFile);
    replay->add_option("--leases-format", options.leases_format, "the lease file's format (default: detected)")
        ->check(CLI::IsMember({"dnsmasq", "kea", "isc"}))
        ->needs("--leases");
    return options;
}

int run_replay(const ReplayOptions& options) {
    const auto snapshot = load_policy_snapshot(options.policy, options.catalogue, 1);
    if (!snapshot) return kExitConfigError;
    std::optional<WallTime> first_packet_at;
    if (!options.school_time.empty()) {
        first_packet_at = school_instant(*snapshot->policy, options.school_time, "--school-time");
        if (!first_packet_at) return kExitConfigError;
    }
    auto identity = replay_identity(*snapshot->policy, options.leases, options.leases_format, std::cerr);
    if (!identity.ok()) return identity.error();
    auto source = gateway::capture::PcapFileSource::open(options.capture);
    if (!source.ok()) {
        std::cerr << source.error() << '\n';
        return kExitCaptureError;
    }
    const OutputFile events = open_events(options.events);
    if (!events) {
        std::cerr << options.events << ": cannot write events (check the directory exists and is writable)\n";
        return kExitCaptureError;
    }
    gateway::events::JsonlEventWriter writer{events.get()};
    TextEventWriter text_writer{events.get()};
    gateway::events::EventSink& sink = options.format == "text" ? static_cast<gateway::events::EventSink&>(text_writer) : writer;
    gateway::engine::EngineConfig config;
    config.record_allowed = options.all_flows;
    config.flows.capacity = options.flow_capacity;
    config.identity = identity.value();

    const gateway::time::SystemClock clock;
    const auto started = clock.monotonic_now();
    const auto [captured, counters, flows] =
        replay_capture(options, *source.value(), config, snapshot, sink, first_packet_at);
    if (const auto flushed = writer.flush(); !flushed.ok()) std::cerr << "warning: " << flushed.error() << '\n';
    const std::chrono::duration<double> elapsed = clock.monotonic_now() - started;
    if (!options.quiet) print_replay_summary(std::cerr, options.capture, counters, flows, options.workers, elapsed);
    if (writer.failed() > 0) std::cerr << "warning: " << writer.failed() << " events could not be written\n";
    warn_if_nobody_known(counters, *snapshot->policy);
    if (!captured.ok()) {
        std::cerr << "error: " << captured.error() << '\n';
        return kExitCaptureError;
    }
    return kExitOk;
}

}  // namespace schoolgate::tools
