#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/model/daemon_model.h"
#include "gateway/capture/passive_worker.h"
#include "gateway/enforce/bypass_counter.h"
#include "gateway/enforce/inline_worker.h"
#include "gateway/events/async_event_writer.h"
#include "gateway/policy/policy_reloader.h"
#include "gateway/policy/policy_store.h"
#include "gateway/time/clock.h"
#include "tools/schoolgated/bypass_counter_log.h"
#include "tools/schoolgated/daemon_stats.h"
#include "tools/schoolgated/identity_feed.h"

namespace schoolgate::tools::daemon {

/// Everything the running daemon owns, so that reloads and stats are handled in one place. Built by main's
/// start-up steps; the control thread calls reload() and stats(), the workers only read the policy store.
struct Daemon {
    config::model::DaemonModel model;
    const gateway::time::SystemClock clock;
    gateway::time::MonotonicTime started;
    gateway::policy::PolicyStore store;
    std::unique_ptr<gateway::policy::PolicyReloader> reloader;
    std::unique_ptr<gateway::events::AsyncEventWriter> events;
    std::unique_ptr<IdentityFeed> identity;  ///< DHCP leases, RADIUS Accounting, the directory
    std::vector<std::unique_ptr<gateway::enforce::InlineWorker>> inline_workers;
    std::unique_ptr<gateway::capture::PassiveWorker> passive_worker;
    mutable BypassCounterLog bypass_counter{&gateway::enforce::read_bypass_counter};

    /// Reloads the policy (the reloader refuses it, and counts the refusal, when a file the new policy is
    /// made of is not safe to read); logs what happened. The policy in force stays on any refusal.
    void reload(const std::string& why);
    /// The counters the stats socket and the metrics port serve.
    DaemonStats stats() const;
    /// Stops the workers (inline: every queued packet gets its verdict) and the event log.
    void stop();
};

}  // namespace schoolgate::tools::daemon
