#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <vector>

#include "config/yaml/daemon_config_reader.h"
#include "config/yaml/policy_loader.h"
#include "gateway/capture/passive_worker.h"
#include "gateway/daemon/daemon_setup_check.h"
#include "gateway/daemon/protected_files.h"
#include "gateway/enforce/bypass_counter.h"
#include "gateway/enforce/inline_worker.h"
#include "gateway/events/async_event_writer.h"
#include "gateway/policy/policy_reloader.h"
#include "gateway/time/clock.h"
#include "tools/schoolgate/policy_loading.h"
#include "tools/schoolgated/bypass_counter_log.h"
#include "tools/schoolgated/control_loop.h"
#include "tools/schoolgated/daemon_stats.h"
#include "tools/schoolgated/privileges.h"
#include "tools/schoolgated/syscall_filter.h"

namespace sg = schoolgate;
using sg::config::model::DaemonModel;

namespace {

constexpr int kExitOsError = 71;  // EX_OSERR: a queue, capture or socket could not be opened

struct Options {
    std::string config;
    bool check_only = false;
    std::string test_school_time;
};

bool files_are_protected(const std::vector<std::string>& files) {
    bool ok = true;
    for (const auto& file : files) {
        if (const auto safe = sg::gateway::daemon::refuse_if_writable_by_others(file); !safe.ok()) {
            spdlog::error("{}", safe.error());
            ok = false;
        }
    }
    return ok;
}

/// Everything the running daemon owns, so that stats can be gathered from one place.
struct Daemon {
    DaemonModel model;
    const sg::gateway::time::SystemClock clock;
    sg::gateway::time::MonotonicTime started;
    sg::gateway::policy::PolicyStore store;
    std::unique_ptr<sg::gateway::policy::PolicyReloader> reloader;
    std::unique_ptr<sg::gateway::events::AsyncEventWriter> events;
    std::vector<std::unique_ptr<sg::gateway::enforce::InlineWorker>> inline_workers;
    std::unique_ptr<sg::gateway::capture::PassiveWorker> passive_worker;
    mutable sg::tools::daemon::BypassCounterLog bypass_counter{&sg::gateway::enforce::read_bypass_counter};

    void reload(const std::string& why) {
        const auto snapshot = store.current();
        if (snapshot && !files_are_protected(sg::gateway::daemon::files_to_protect(model, *snapshot->policy))) {
            spdlog::error("reload ({}) refused: generation {} stays in force", why, snapshot->generation);
            return;
        }
        const auto outcome = reloader->reload();
        if (outcome.published) {
            spdlog::info("reload ({}): policy generation {} in force", why, outcome.generation);
            return;
        }
        for (const auto& error : outcome.errors) spdlog::error("{}", error.to_string());
        spdlog::error("reload ({}) refused: {} error(s); generation {} stays in force", why, outcome.errors.size(),
                      outcome.generation);
    }

    sg::tools::daemon::DaemonStats stats() const {
        sg::tools::daemon::DaemonStats out;
        out.mode = model.mode == DaemonModel::Mode::Inline ? "inline" : "passive";
        out.uptime_seconds = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::seconds>(clock.monotonic_now() - started).count());
        const auto snapshot = store.current();
        out.policy_generation = snapshot ? snapshot->generation : 0;
        out.reloads_published = reloader->reloads_published();
        out.reloads_failed = reloader->reloads_failed();
        const auto add_engine = [&](const sg::gateway::engine::LiveEngine& engine) {
            const auto counters = engine.counters();
            out.packets += counters.packets;
            out.bytes += counters.bytes;
            out.packets_malformed += counters.packets_malformed;
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
        const auto log = events->stats();
        out.events_written = log.written;
        out.events_lost = log.lost_queue_full + log.lost_write_failed + log.lost_after_stop;
        out.event_gaps_written = log.gaps_written;
        out.event_log_error = log.last_error;
        return out;
    }
};

int run(const Options& options) {
    spdlog::set_pattern("schoolgated: %l: %v");
    auto loaded = sg::config::yaml::load_daemon_config(options.config);
    if (!loaded.ok()) {
        for (const auto& error : loaded.error()) std::cerr << error.to_string() << '\n';
        return sg::tools::kExitConfigError;
    }
    auto daemon = std::make_unique<Daemon>();
    daemon->model = std::move(loaded).value();
    const auto& model = daemon->model;
    daemon->started = daemon->clock.monotonic_now();

    const std::string catalogue = model.catalogue_file.empty() ? sg::config::yaml::default_catalogue_path() : model.catalogue_file;
    daemon->reloader = std::make_unique<sg::gateway::policy::PolicyReloader>(daemon->store, model.policy_file, catalogue);
    const auto first = daemon->reloader->reload();
    if (!first.published) {
        for (const auto& error : first.errors) std::cerr << error.to_string() << '\n';
        std::cerr << first.errors.size() << " error(s) in the policy; schoolgated did not start.\n";
        return sg::tools::kExitConfigError;
    }
    const auto snapshot = daemon->store.current();
    // The same check as `schoolgate firewall install` (the unit's ExecStartPre): what one accepts, both do.
    if (const auto errors = sg::gateway::daemon::check_daemon_setup(model, *snapshot->policy); !errors.empty()) {
        for (const auto& error : errors) std::cerr << error.to_string() << '\n';
        std::cerr << errors.size() << " error(s) in " << options.config
                  << (options.check_only ? "; schoolgated would not start.\n" : "; schoolgated did not start.\n");
        return sg::tools::kExitConfigError;
    }
    const auto log_config = sg::gateway::daemon::event_log_config(model);
    if (options.check_only) {
        std::cout << options.config << ": valid (policy " << model.policy_file << ", generation 1)\n";
        return sg::tools::kExitOk;
    }

    // Test-only: run the timetable as if the daemon had started at this school time.
    std::chrono::microseconds shift{0};
    if (!options.test_school_time.empty()) {
        const auto at = sg::tools::school_instant(*snapshot->policy, options.test_school_time, "--test-only-school-time");
        if (!at) return sg::tools::kExitConfigError;
        shift = std::chrono::duration_cast<std::chrono::microseconds>(*at - daemon->clock.wall_now());
        spdlog::warn("TEST ONLY: school time shifted to {} (never use this on a real gateway)", options.test_school_time);
    }

    sg::tools::daemon::ControlLoop::block_signals();  // before any thread starts: they all inherit the mask
    std::vector<std::string> watched{model.policy_file, snapshot->policy->exemptions_file()};
    watched.insert(watched.end(), snapshot->policy->list_files().begin(), snapshot->policy->list_files().end());
    auto opened = sg::tools::daemon::ControlLoop::open(model.stats.socket, model.stats.metrics_port, watched);
    if (!opened.ok()) {
        spdlog::error("{}", opened.error());
        return kExitOsError;
    }
    const auto control = std::move(opened).value();
    // Passive: the capture socket is opened as root, and then no capability is needed at all. Inline: the
    // queues are bound after the drop, with CAP_NET_ADMIN, which answering them needs anyway.
    std::unique_ptr<sg::gateway::capture::LivePcapSource> capture;
    std::unique_ptr<sg::gateway::capture::TcpResetSender> resets;
    std::vector<std::string> keep_capabilities;
    if (model.mode == DaemonModel::Mode::Passive) {
        auto source = sg::gateway::capture::LivePcapSource::open(model.passive.interface, model.passive.bpf_filter, false);
        if (!source.ok()) {
            spdlog::error("{}", source.error());
            return kExitOsError;
        }
        capture = std::move(source).value();
        if (model.passive.tcp_reset) {
            auto sender = sg::gateway::capture::TcpResetSender::open();
            if (!sender.ok()) {
                spdlog::error("{}", sender.error());
                return kExitOsError;
            }
            resets = std::move(sender).value();
            spdlog::warn("passive.tcp_reset: blocked connections are reset from the mirror port; racy, the server may answer first");
        }
    } else {
        keep_capabilities.push_back("net_admin");
    }
    if (!model.user.empty() && ::geteuid() == 0) {
        if (const auto dropped = sg::tools::daemon::drop_privileges(model.user, keep_capabilities); !dropped.ok()) {
            spdlog::error("{}", dropped.error());
            return kExitOsError;
        }
        spdlog::info("running as user {} with {}", model.user,
                     keep_capabilities.empty() ? std::string{"no capabilities"} : "CAP_NET_ADMIN only");
    }
    std::vector<std::unique_ptr<sg::gateway::enforce::NfqueueSocket>> queues;
    if (model.mode == DaemonModel::Mode::Inline) {
        for (std::uint16_t i = 0; i < model.inline_mode.queues; ++i) {
            const auto number = static_cast<std::uint16_t>(model.inline_mode.first_queue + i);
            auto socket = sg::gateway::enforce::NfqueueSocket::open(number, 8192);
            if (!socket.ok()) {
                spdlog::error("{}", socket.error());
                return kExitOsError;
            }
            queues.push_back(std::move(socket).value());
        }
    }
    // The event log is opened as the user who will write it for the daemon's whole life.
    daemon->events = std::make_unique<sg::gateway::events::AsyncEventWriter>(log_config, daemon->clock);
    if (const auto log = daemon->events->stats(); !log.last_error.empty()) {
        spdlog::error("event log: {}", log.last_error);
        return kExitOsError;
    }
    sg::gateway::engine::EngineConfig engine_config;
    const auto make_engine = [&] {
        return std::make_unique<sg::gateway::engine::LiveEngine>(engine_config, daemon->store, *daemon->events,
                                                                 daemon->clock, shift);
    };
    for (auto& queue : queues) {
        daemon->inline_workers.push_back(std::make_unique<sg::gateway::enforce::InlineWorker>(std::move(queue), make_engine()));
    }
    if (capture) daemon->passive_worker = std::make_unique<sg::gateway::capture::PassiveWorker>(std::move(capture), make_engine(), std::move(resets));

    if (model.seccomp) {
        if (const auto confined = sg::tools::daemon::confine_system_calls(); !confined.ok()) {
            spdlog::error("system call filter: {}", confined.error());
            return kExitOsError;
        }
    }
    for (auto& worker : daemon->inline_workers) worker->start();
    if (daemon->passive_worker) daemon->passive_worker->start();
    spdlog::info("{} mode, policy {} (generation 1), events in {}",
                 model.mode == DaemonModel::Mode::Inline ? "inline" : "passive", model.policy_file, model.events.directory);

    const auto health = [&]() -> sg::Result<void, std::string> {
        if (daemon->passive_worker) return daemon->passive_worker->health();
        return sg::Result<void, std::string>::success();
    };
    const auto stopped = control->run({[&](const std::string& why) { daemon->reload(why); },
                                       [&] { return sg::tools::daemon::stats_json(daemon->stats()); },
                                       [&] { return sg::tools::daemon::stats_prometheus(daemon->stats()); },
                                       health},
                                      daemon->clock);
    if (!stopped.ok()) {
        // Stop with an error rather than run on inspecting nothing: the supervisor (systemd) restarts us.
        spdlog::error("{}; schoolgated stops", stopped.error());
    }

    spdlog::info("stopping: giving queued packets their verdicts, writing the last events");
    for (auto& worker : daemon->inline_workers) worker->request_stop();
    if (daemon->passive_worker) daemon->passive_worker->request_stop();
    for (auto& worker : daemon->inline_workers) worker->join();
    if (daemon->passive_worker) daemon->passive_worker->join();
    daemon->events->stop();
    const auto log = daemon->events->stats();
    spdlog::info("stopped: {} events written, {} lost", log.written,
                 log.lost_queue_full + log.lost_write_failed + log.lost_after_stop);
    return stopped.ok() ? sg::tools::kExitOk : kExitOsError;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"schoolgated: the schoolgate gateway daemon (inline NFQUEUE enforcement or passive capture)"};
    app.set_version_flag("--version", SG_VERSION);
    Options options;
    app.add_option("--config", options.config, "daemon configuration (schoolgated.yaml)")->required()->check(CLI::ExistingFile);
    app.add_flag("--check", options.check_only, "validate the configuration and the policy, then exit");
    app.add_option("--test-only-school-time", options.test_school_time,
                   "TESTS ONLY: behave as if started at this school-local time (2026-03-04T10:15:00)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // As schoolgate: --help and --version exit 0, a refused command line EX_USAGE (64).
        return app.exit(e) == 0 ? sg::tools::kExitOk : sg::tools::kExitUsage;
    }
    return run(options);
}
