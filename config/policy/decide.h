#pragma once

#include <string>
#include <string_view>

#include "classifiers/observations.h"
#include "common/time/wall_time.h"
#include "config/model/policy_model.h"
#include "config/policy/compiled_policy.h"

namespace schoolgate::config {

/// Who is behind a flow, as far as the gateway knows.
struct Subject {
    std::string role = "unknown";
    std::string user;    ///< empty when unknown
    std::string device;  ///< empty when unknown
};

/// The policy's answer for one flow, with the rule that gave it.
struct Decision {
    model::Action action = model::Action::Allow;
    std::string_view rule;    ///< rule name; "default" when no rule matched. Views into the policy.
    std::string_view reason;  ///< a sentence for people
};

/// The one decision function: pure, no I/O, no clock (the school time is passed in). Used alike by the
/// packet path and by `schoolgate explain`, which runs it with no packets at all. `observations.service`
/// must already be resolved against `policy.catalogue()`.
Decision decide(const CompiledPolicy& policy, const Subject& subject, const classifiers::Observations& observations,
                WallTime at) noexcept;

}  // namespace schoolgate::config
