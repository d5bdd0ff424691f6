#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <vector>

#include "config/yaml/daemon_config_reader.h"
#include "config/yaml/policy_loader.h"
#include "gateway/capture/passive_worker.h"
#include "gateway/daemon/daemon_setup_check.h"
#include "gateway/daemon/ipv6_prefix_warning.h"
#include "gateway/daemon/protected_files.h"
#include "gateway/enforce/bypass_counter.h"
#include "gateway/enforce/firewall_rules.h"
#include "gateway/enforce/inline_worker.h"
#include "gateway/events/async_event_writer.h"
#include "gateway/policy/policy_reloader.h"
#include "gateway/time/clock.h"
#include "tools/common/policy_loading.h"
#include "tools/schoolgated/bypass_counter_log.h"
#include "tools/schoolgated/control_loop.h"
#include "tools/schoolgated/daemon.h"
#include "tools/schoolgated/daemon_stats.h"
#include "tools/schoolgated/privileges.h"
#include "tools/schoolgated/service_notifier.h"
#include "tools/schoolgated/syscall_filter.h"

namespace sg = schoolgate;
using sg::config::model::DaemonModel;
using sg::tools::daemon::Daemon;

namespace {

constexpr int kExitOsError = 71;  // EX_OSERR: a queue, capture or socket could not be opened

struct Options {
    std::string config;
    bool check_only = false;
    std::string test_school_time;
    std::uint64_t test_hang_after_rounds = 0;
};

// A start-up step either gives its part of the daemon or fails with the exit code to stop with (the
// reason already logged or printed).
template <typename T>
using Step = sg::Result<T, int>;

// The config, the first policy and the same setup check as `schoolgate firewall install`. Also --check's
// whole work.
Step<std::unique_ptr<Daemon>> load_and_check(const Options& options) {
    auto loaded = sg::config::yaml::load_daemon_config(options.config);
    if (!loaded.ok()) {
        for (const auto& error : loaded.error()) std::cerr << error.to_string() << '\n';
        return Step<std::unique_ptr<Daemon>>::failure(sg::tools::kExitConfigError);
    }
    auto daemon = std::make_unique<Daemon>();
    daemon->model = std::move(loaded).value();
    const auto& model = daemon->model;
    daemon->started = daemon->clock.monotonic_now();
    const std::string catalogue = model.catalogue_file.empty() ? sg::config::yaml::default_catalogue_path() : model.catalogue_file;
    // A reload is judged by the files the new policy names (a new exemptions or list file anyone can write
    // would otherwise be loaded), and a refusal is counted like any other.
    daemon->reloader = std::make_unique<sg::gateway::policy::PolicyReloader>(
        daemon->store, model.policy_file, catalogue, [&model](const sg::config::CompiledPolicy& policy) {
            return sg::gateway::daemon::unprotected_files(model, policy);
        });
    const auto first = daemon->reloader->reload();
    if (!first.published) {
        for (const auto& error : first.errors) std::cerr << error.to_string() << '\n';
        std::cerr << first.errors.size() << " error(s) in the policy; schoolgated did not start.\n";
        return Step<std::unique_ptr<Daemon>>::failure(sg::tools::kExitConfigError);
    }
    // The same check as `schoolgate firewall install` (the unit's ExecStartPre): what one accepts, both do.
    if (const auto errors = sg::gateway::daemon::check_daemon_setup(model, *daemon->store.current()->policy);
        !errors.empty()) {
        for (const auto& error : errors) std::cerr << error.to_string() << '\n';
        std::cerr << errors.size() << " error(s) in " << options.config
                  << (options.check_only ? "; schoolgated would not start.\n" : "; schoolgated did not start.\n");
        return Step<std::unique_ptr<Daemon>>::failure(sg::tools::kExitConfigError);
    }
    // Warnings: the daemon starts, but the school should know.
    for (const auto& warning : sg::gateway::daemon::ipv6_prefix_warnings(model, *daemon->store.current()->policy)) {
        std::cerr << "warning: " << warning.to_string() << '\n';
    }
    return Step<std::unique_ptr<Daemon>>::success(std::move(daemon));
}

// Test-only: run the timetable as if the daemon had started at this school time.
Step<std::chrono::microseconds> school_time_shift(const Options& options, const Daemon& daemon) {
    if (options.test_school_time.empty()) return Step<std::chrono::microseconds>::success(std::chrono::microseconds{0});
    const auto at = sg::tools::school_instant(*daemon.store.current()->policy, options.test_school_time,
                                              "--test-only-school-time");
    if (!at) return Step<std::chrono::microseconds>::failure(sg::tools::kExitConfigError);
    spdlog::warn("TEST ONLY: school time shifted to {} (never use this on a real gateway)", options.test_school_time);
    return Step<std::chrono::microseconds>::success(
        std::chrono::duration_cast<std::chrono::microseconds>(*at - daemon.clock.wall_now()));
}

// What the workers read from: the capture socket (and the reset sender) for passive mode, opened as root.
struct Sources {
    std::unique_ptr<sg::gateway::capture::LivePcapSource> capture;
    std::unique_ptr<sg::gateway::capture::TcpResetSender> resets;
    std::vector<std::unique_ptr<sg::gateway::enforce::NfqueueSocket>> queues;
};

Step<Sources> open_capture(const DaemonModel& model) {
    Sources sources;
    if (model.mode != DaemonModel::Mode::Passive) return Step<Sources>::success(std::move(sources));
    auto source = sg::gateway::capture::LivePcapSource::open(model.passive.interface, model.passive.bpf_filter, false);
    if (!source.ok()) {
        spdlog::error("{}", source.error());
        return Step<Sources>::failure(kExitOsError);
    }
    sources.capture = std::move(source).value();
    if (model.passive.tcp_reset) {
        auto sender = sg::gateway::capture::TcpResetSender::open();
        if (!sender.ok()) {
            spdlog::error("{}", sender.error());
            return Step<Sources>::failure(kExitOsError);
        }
        sources.resets = std::move(sender).value();
        spdlog::warn("passive.tcp_reset: blocked connections are reset from the mirror port; racy, the server may answer first");
    }
    return Step<Sources>::success(std::move(sources));
}

// Passive: the capture socket is already open, and then no capability is needed at all. Inline: the queues
// are bound after the drop, with CAP_NET_ADMIN, which answering them needs anyway.
Step<void> drop_to_user(const DaemonModel& model) {
    std::vector<std::string> keep_capabilities;
    if (model.mode == DaemonModel::Mode::Inline) keep_capabilities.push_back("net_admin");
    if (model.user.empty() || ::geteuid() != 0) return Step<void>::success();
    if (const auto dropped = sg::tools::daemon::drop_privileges(model.user, keep_capabilities); !dropped.ok()) {
        spdlog::error("{}", dropped.error());
        return Step<void>::failure(kExitOsError);
    }
    spdlog::info("running as user {} with {}", model.user,
                 keep_capabilities.empty() ? std::string{"no capabilities"} : "CAP_NET_ADMIN only");
    return Step<void>::success();
}

// The fail-open networks' queues, and when any network is fail-closed, as many again after them without
// NFQA_CFG_F_FAIL_OPEN (the firewall sends those networks there: sg::gateway::enforce::fail_closed_first_queue).
Step<void> open_queues(const DaemonModel& model, Sources& sources) {
    if (model.mode != DaemonModel::Mode::Inline) return Step<void>::success();
    const auto& settings = model.inline_mode;
    const bool any_fail_closed = !settings.fail_closed_networks.empty();
    const auto closed_first = sg::gateway::enforce::fail_closed_first_queue(settings.first_queue, settings.queues);
    for (std::uint32_t i = 0; i < settings.queues * (any_fail_closed ? 2u : 1u); ++i) {
        const bool fail_open = i < settings.queues;
        const auto number = static_cast<std::uint16_t>(fail_open ? settings.first_queue + i : closed_first + i - settings.queues);
        auto socket = sg::gateway::enforce::NfqueueSocket::open(number, 8192, fail_open);
        if (!socket.ok()) {
            spdlog::error("{}", socket.error());
            return Step<void>::failure(kExitOsError);
        }
        sources.queues.push_back(std::move(socket).value());
    }
    return Step<void>::success();
}

// The event log (opened as the user who will write it for the daemon's whole life) and one engine per
// worker; then the system call filter, before any worker runs.
Step<void> make_workers(Daemon& daemon, Sources sources, std::chrono::microseconds shift) {
    daemon.events = std::make_unique<sg::gateway::events::AsyncEventWriter>(
        sg::gateway::daemon::event_log_config(daemon.model), daemon.clock);
    if (const auto log = daemon.events->stats(); !log.last_error.empty()) {
        spdlog::error("event log: {}", log.last_error);
        return Step<void>::failure(kExitOsError);
    }
    sg::gateway::engine::EngineConfig engine_config;
    // Inline, the engine must settle (and so mark) a padded connection well inside the kernel's queue window,
    // or the packets after the window would pass unseen.
    // A mirror port can miss the server's packets; inline sees them all (stream::TcpDecoyJudge).
    engine_config.sees_every_server_packet = daemon.model.mode == DaemonModel::Mode::Inline;
    if (daemon.model.mode == DaemonModel::Mode::Inline) {
        engine_config.inspection_packet_cap =
            std::min(engine_config.inspection_packet_cap, daemon.model.inline_mode.inspect_packets / 2);
    }
    const auto make_engine = [&] {
        return std::make_unique<sg::gateway::engine::LiveEngine>(engine_config, daemon.store, *daemon.events,
                                                                 daemon.clock, shift, &daemon.identity->store());
    };
    for (auto& queue : sources.queues) {
        daemon.inline_workers.push_back(std::make_unique<sg::gateway::enforce::InlineWorker>(std::move(queue), make_engine()));
    }
    if (sources.capture) {
        daemon.passive_worker = std::make_unique<sg::gateway::capture::PassiveWorker>(
            std::move(sources.capture), make_engine(), std::move(sources.resets));
    }
    if (daemon.model.seccomp) {
        if (const auto confined = sg::tools::daemon::confine_system_calls(); !confined.ok()) {
            spdlog::error("system call filter: {}", confined.error());
            return Step<void>::failure(kExitOsError);
        }
    }
    return Step<void>::success();
}

// Each worker's count of rounds, for the watchdog.
std::vector<std::function<std::uint64_t()>> worker_progress(const Daemon& daemon) {
    std::vector<std::function<std::uint64_t()>> progress;
    for (const auto& worker : daemon.inline_workers) progress.push_back([&worker] { return worker->rounds(); });
    if (daemon.passive_worker) progress.push_back([&daemon] { return daemon.passive_worker->rounds(); });
    return progress;
}

// Starts the workers and serves signals, reloads and stats until told to stop (or a worker fails).
int serve(Daemon& daemon, sg::tools::daemon::ControlLoop& control, std::uint64_t hang_after_rounds) {
    if (hang_after_rounds != 0) {
        spdlog::warn("TEST ONLY: packet workers hang after {} rounds (never use this on a real gateway)", hang_after_rounds);
        for (auto& worker : daemon.inline_workers) worker->hang_after_rounds_for_test(hang_after_rounds);
        if (daemon.passive_worker) daemon.passive_worker->hang_after_rounds_for_test(hang_after_rounds);
    }
    for (auto& worker : daemon.inline_workers) worker->start();
    if (daemon.passive_worker) daemon.passive_worker->start();
    const auto& model = daemon.model;
    spdlog::info("{} mode, policy {} (generation 1), events in {}",
                 model.mode == DaemonModel::Mode::Inline ? "inline" : "passive", model.policy_file, model.events.directory);
    const auto health = [&]() -> sg::Result<void, std::string> {
        if (daemon.passive_worker) return daemon.passive_worker->health();
        return sg::Result<void, std::string>::success();
    };
    // The queues are bound, the policy is loaded and the workers run: ready. From here the control loop pings
    // the watchdog while every worker goes round (a hung worker or loop stops the pings; systemd restarts us).
    sg::tools::daemon::ServiceNotifier notifier{worker_progress(daemon)};
    notifier.ready("filtering, policy generation 1");
    const auto stopped = control.run({[&](const std::string& why) { daemon.reload(why); },
                                      [&] { return sg::tools::daemon::stats_json(daemon.stats()); },
                                      [&] { return sg::tools::daemon::stats_prometheus(daemon.stats()); },
                                      health,
                                      [&](sg::gateway::time::MonotonicTime now) {
                                          notifier.tick(now);
                                          daemon.identity->tick();
                                      },
                                      [&] { daemon.identity->on_leases_changed(); }, daemon.identity->radius_fd(),
                                      [&] { daemon.identity->on_radius_readable(); }},
                                     daemon.clock);
    notifier.stopping();
    if (!stopped.ok()) {
        // Stop with an error rather than run on inspecting nothing: the supervisor (systemd) restarts us.
        spdlog::error("{}; schoolgated stops", stopped.error());
    }
    spdlog::info("stopping: giving queued packets their verdicts, writing the last events");
    daemon.stop();
    const auto log = daemon.events->stats();
    spdlog::info("stopped: {} events written, {} lost", log.written,
                 log.lost_queue_full + log.lost_write_failed + log.lost_after_stop);
    return stopped.ok() ? sg::tools::kExitOk : kExitOsError;
}

int run(const Options& options) {
    spdlog::set_pattern("schoolgated: %l: %v");
    auto loaded = load_and_check(options);
    if (!loaded.ok()) return loaded.error();
    auto daemon = std::move(loaded).value();
    const auto& model = daemon->model;
    if (options.check_only) {
        std::cout << options.config << ": valid (policy " << model.policy_file << ", generation 1)\n";
        return sg::tools::kExitOk;
    }
    const auto shift = school_time_shift(options, *daemon);
    if (!shift.ok()) return shift.error();

    sg::tools::daemon::ControlLoop::block_signals();  // before any thread starts: they all inherit the mask
    const auto& policy = *daemon->store.current()->policy;
    std::vector<std::string> watched{model.policy_file, policy.exemptions_file()};
    if (!policy.timetable_file().empty()) watched.push_back(policy.timetable_file());
    watched.insert(watched.end(), policy.list_files().begin(), policy.list_files().end());
    if (!policy.identity().directory_csv.empty()) watched.push_back(policy.identity().directory_csv);
    // The RADIUS socket and the lease files, opened as root (a secret file only root may read is fine).
    auto identity = sg::tools::daemon::IdentityFeed::open(policy, daemon->clock, shift.value());
    if (!identity.ok()) {
        spdlog::error("{}", identity.error());
        return kExitOsError;
    }
    daemon->identity = std::move(identity).value();
    auto opened = sg::tools::daemon::ControlLoop::open(model.stats.socket, model.stats.metrics_port, watched,
                                                       daemon->identity->lease_files());
    if (!opened.ok()) {
        spdlog::error("{}", opened.error());
        return kExitOsError;
    }
    const auto control = std::move(opened).value();
    auto sources = open_capture(model);
    if (!sources.ok()) return sources.error();
    if (const auto dropped = drop_to_user(model); !dropped.ok()) return dropped.error();
    if (const auto queues = open_queues(model, sources.value()); !queues.ok()) return queues.error();
    if (const auto made = make_workers(*daemon, std::move(sources).value(), shift.value()); !made.ok()) return made.error();
    return serve(*daemon, *control, options.test_hang_after_rounds);
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
    app.add_option("--test-only-hang-workers-after-rounds", options.test_hang_after_rounds,
                   "TESTS ONLY: every packet worker hangs after this many rounds (about 100 ms each when idle)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // As schoolgate: --help and --version exit 0, a refused command line EX_USAGE (64).
        return app.exit(e) == 0 ? sg::tools::kExitOk : sg::tools::kExitUsage;
    }
    return run(options);
}
