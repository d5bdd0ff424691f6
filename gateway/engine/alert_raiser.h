#pragma once

#include <cstddef>
#include <optional>

#include "classifiers/observations.h"
#include "common/net/ip_address.h"
#include "common/time/wall_time.h"
#include "config/policy/decide_flow.h"
#include "gateway/engine/attempt_tracker.h"
#include "gateway/events/verdict_event.h"
#include "gateway/policy/policy_snapshot.h"

namespace schoolgate::gateway::engine {

/// One decided flow, as the alerts see it. Views; valid during the call only.
struct DecidedFlow {
    const net::IpAddress& client;
    const config::Subject& subject;
    const classifiers::Observations& observations;
    const config::FlowDecision& decision;
    WallTime at;
};

/// Raises the alerts the e-safety officer is told about at once: a technique whose policy action is
/// `alert`, and repeated blocked attempts by one person (counted by its AttemptTracker over the policy's
/// window). Not thread-safe: one per worker, like the tracker.
class AlertRaiser {
public:
    explicit AlertRaiser(std::size_t people_capacity = 65536) : attempts_(people_capacity) {}

    /// The "circumvention" alert when the decision asks for one (FlowDecision::alert).
    std::optional<events::AlertEvent> for_technique(const policy::PolicySnapshot& snapshot,
                                                    const DecidedFlow& flow) const;
    /// Counts a blocked flow as an attempt at its service (else the technique that blocked it, else its
    /// rule) by its user, device or address; the "repeated_attempts" alert when this attempt reaches the
    /// policy's threshold within its window.
    std::optional<events::AlertEvent> on_blocked(const policy::PolicySnapshot& snapshot, const DecidedFlow& flow);

    const AttemptTracker& attempts() const noexcept { return attempts_; }

private:
    AttemptTracker attempts_;
};

}  // namespace schoolgate::gateway::engine
