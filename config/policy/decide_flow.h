#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/policy/decide.h"

namespace schoolgate::config {

/// What the circumvention policy says about one technique seen on a flow.
struct TechniqueVerdict {
    const classifiers::TechniqueSignal* signal = nullptr;  ///< points into the observations
    model::TechniqueAction action = model::TechniqueAction::Log;
    std::string_view rule;    ///< the circumvention rule's name, or "circumvention-default"
    std::string_view reason;
    bool blocks = false;      ///< action is block and the signal is sure enough to act on
};

/// A technique verdict's reason with what was seen: "<rule's reason> Seen: <technique> (<evidence>)." For the
/// flow's own reason and for the alert a rule asks for, so both say it in the same words.
std::string reason_with_evidence(const TechniqueVerdict& verdict);

/// The whole answer for a flow: the service decision, each technique's verdict, and the outcome.
struct FlowDecision {
    Decision service;
    std::vector<TechniqueVerdict> techniques;
    model::Action action = model::Action::Allow;  ///< the final verdict
    std::string_view rule;
    std::string reason;
    bool alert = false;  ///< a technique's action is alert: raise an alert event now
    /// At least one technique is sure enough (report_min_confidence) to make this a circumvention event.
    bool reportable = false;
};

/// decide() for the service, then the circumvention policy: each technique goes through the rules in
/// order (first match wins; none matching means log), a blocking technique blocks the flow when its
/// confidence reaches block_min_confidence, and QUIC is blocked for the roles listed under block_quic.
/// A service block stands first (its rule explains the flow best); then a technique's block; then QUIC's.
/// Pure, like decide(); `misses` as for decide(). Callers identify the flow first: the packet path, explain and
/// the console all reach it through gateway::policy::assess_flow().
FlowDecision decide_flow(const CompiledPolicy& policy, const Subject& subject,
                         const classifiers::Observations& observations, WallTime at,
                         std::vector<RuleMiss>* misses = nullptr);

}  // namespace schoolgate::config
