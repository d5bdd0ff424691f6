#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classifiers/observations.h"
#include "common/time/wall_time.h"
#include "config/model/policy_model.h"
#include "config/policy/compiled_policy.h"
#include "config/policy/subject_index.h"

namespace schoolgate::config {

/// The policy's answer for one flow, with what gave it.
struct Decision {
    model::Action action = model::Action::Allow;
    std::string_view rule;    ///< rule name, the exemption's id (then `exemption` is set), or "default". Views into the policy.
    std::string_view reason;  ///< a sentence for people
    const CompiledExemption* exemption = nullptr;  ///< set when an exemption decided
    timetable::SchoolMoment moment;                ///< what the timetable said at that instant
};

/// The rule name of a decision no rule or exemption made: the policy's default action.
inline constexpr std::string_view kDefaultRuleName = "default";

/// Why an earlier rule did not decide, for `schoolgate explain`.
struct RuleMiss {
    std::string_view rule;
    std::string why;  ///< "applies to pupil, not staff", "only in lesson; now Monday 12:30, Lunch", ...
};

/// The one decision function: pure, no I/O, no clock (the instant is passed in). Active exemptions for
/// the subject and service apply first (allow); then the rules in order, first match wins; then the
/// default. Used alike by the packet path and by `schoolgate explain`, which passes `misses` to learn
/// why each earlier rule did not match. `observations.service` must be resolved against
/// `policy.catalogue()`.
Decision decide(const CompiledPolicy& policy, const Subject& subject, const classifiers::Observations& observations,
                WallTime at, std::vector<RuleMiss>* misses = nullptr);

/// "P2 (lesson)" inside a period, else "" (for events).
std::string period_label(const timetable::SchoolMoment& moment);

}  // namespace schoolgate::config
