#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/policy/compiled_policy.h"
#include "gateway/identity/identity_store.h"
#include "gateway/identity/identity_table.h"
#include "gateway/radius/radius_listener.h"
#include "gateway/time/clock.h"
#include "tools/schoolgated/daemon_stats.h"

namespace schoolgate::tools::daemon {

/// What `schoolgate stats` says about identity (its "identity" object).
using IdentityStats = DaemonStats::Identity;

/// The daemon's identity sources, fed into one IdentityTable and published through the IdentityStore the
/// workers read: the policy's lease files (re-read whole when inotify says one changed), the RADIUS
/// Accounting listener (in the daemon, on its control thread: see docs/architecture.md), and an expiry
/// sweep. Everything runs on the control thread; the workers only ever see whole snapshots.
///
/// Time: bindings are stamped with the clock's wall time moved by the daemon's test-only school-time
/// shift, and lease files' times are moved by it too, so that they are in the packets' time.
class IdentityFeed {
public:
    /// Opens the RADIUS socket (before privileges are dropped) and reads the lease files.
    static Result<std::unique_ptr<IdentityFeed>, std::string> open(const config::CompiledPolicy& policy,
                                                                   const gateway::time::Clock& clock,
                                                                   std::chrono::microseconds shift);

    const gateway::identity::IdentityStore& store() const noexcept { return store_; }
    /// The RADIUS socket to poll, or -1.
    int radius_fd() const noexcept { return radius_ ? radius_->fd() : -1; }
    const std::vector<std::string>& lease_files() const noexcept { return lease_files_; }

    void on_radius_readable();
    void on_leases_changed();
    /// A reloaded policy: its directory, its lease files (a path added needs a restart to be watched) and the
    /// RADIUS clients and secret (the listening address needs a restart).
    void on_policy(const config::CompiledPolicy& policy);
    /// Ends bindings whose lease or session ended (at most every few seconds).
    void tick();
    IdentityStats stats() const;

private:
    IdentityFeed(const gateway::time::Clock& clock, std::chrono::microseconds shift);
    std::int64_t now_us() const;
    void read_lease_files();
    void publish();

    const gateway::time::Clock& clock_;
    std::chrono::microseconds shift_;
    std::vector<config::model::LeaseSourceModel> sources_;
    std::vector<std::string> lease_files_;
    gateway::identity::IdentityTable table_;
    gateway::identity::IdentityStore store_;
    std::unique_ptr<gateway::radius::RadiusListener> radius_;
    std::int64_t next_expiry_us_ = 0;
    std::uint64_t lease_reads_ = 0;
    std::uint64_t lease_read_failures_ = 0;
};

}  // namespace schoolgate::tools::daemon
