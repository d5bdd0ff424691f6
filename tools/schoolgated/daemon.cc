#include "tools/schoolgated/daemon.h"

#include <spdlog/spdlog.h>

namespace schoolgate::tools::daemon {

using config::model::DaemonModel;

void Daemon::reload(const std::string& why) {
    const auto outcome = reloader->reload();  // checks the new policy's files too (the reloader's admission)
    if (outcome.published) {
        spdlog::info("reload ({}): policy generation {} in force", why, outcome.generation);
        if (identity) identity->on_policy(*store.current()->policy);
        return;
    }
    for (const auto& error : outcome.errors) spdlog::error("{}", error.to_string());
    spdlog::error("reload ({}) refused: {} error(s); generation {} stays in force", why, outcome.errors.size(),
                  outcome.generation);
}

DaemonStats Daemon::stats() const {
    DaemonStats out;
    out.mode = model.mode == DaemonModel::Mode::Inline ? "inline" : "passive";
    out.uptime_seconds = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(clock.monotonic_now() - started).count());
    const auto snapshot = store.current();
    out.policy_generation = snapshot ? snapshot->generation : 0;
    out.reloads_published = reloader->reloads_published();
    out.reloads_failed = reloader->reloads_failed();
    const auto add_engine = [&](const gateway::engine::LiveEngine& engine) {
        const auto counters = engine.counters();
        out.packets += counters.packets;
        out.bytes += counters.bytes;
        out.packets_malformed += counters.packets_malformed;
        out.packets_fragmented += counters.packets_fragmented;
        out.datagrams_reassembled += counters.datagrams_reassembled;
        out.ipv6_placed_by_link += counters.ipv6_placed_by_link;
        out.ipv6_unplaced += counters.ipv6_unplaced;
        out.packets_settled_path += counters.packets_settled_path;
        out.flows_decided += counters.flows_decided;
        out.anomalies += counters.anomalies.total();
        out.alerts += counters.alerts_raised;
        for (const auto& [verdict, count] : counters.flows_by_verdict) out.verdicts[verdict] += count;
    };
    for (const auto& worker : inline_workers) {
        add_engine(worker->engine());
        const auto queue = worker->queue_counters();
        out.queue_verdicts_failed += queue.verdicts_failed;
        out.queue_overruns += queue.receive_overruns;
        out.queue_receive_errors += queue.receive_errors;
        out.queue_malformed_messages += queue.malformed_messages;
    }
    if (model.mode == DaemonModel::Mode::Inline) {
        auto bypass = bypass_counter.read();  // logs when it cannot be read
        out.bypassed_packets = bypass.packets;
        out.bypassed_packets_error = std::move(bypass.error);
    }
    if (passive_worker) {
        add_engine(passive_worker->engine());
        if (const auto capture = passive_worker->capture_counters(); capture.ok()) {
            out.capture_dropped = capture.value().dropped_kernel;
        } else {
            spdlog::warn("{}", capture.error());
        }
    }
    if (identity) out.identity = identity->stats();
    const auto log = events->stats();
    out.events_written = log.written;
    out.events_lost = log.lost_queue_full + log.lost_write_failed + log.lost_after_stop;
    out.event_gaps_written = log.gaps_written;
    out.event_log_error = log.last_error;
    return out;
}

void Daemon::stop() {
    for (auto& worker : inline_workers) worker->request_stop();
    if (passive_worker) passive_worker->request_stop();
    for (auto& worker : inline_workers) worker->join();
    if (passive_worker) passive_worker->join();
    events->stop();
}

}  // namespace schoolgate::tools::daemon
