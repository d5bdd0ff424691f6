#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "classifiers/observations.h"
#include "gateway/policy/flow_assessment.h"
#include "tools/common/explain_options.h"

namespace schoolgate::tools {

/// A flow as `explain` asks about it: the question the engine would ask (who, where, when) and the
/// observations its inspectors would have made, plus words for the output.
struct ExplainedFlow {
    gateway::policy::FlowQuestion question;
    classifiers::Observations observations;
    std::string who;   ///< "10.20.0.50", "user head", "device lab-ipad-3"
    std::string what;  ///< "www.instagram.com", "service instagram"
};

/// Builds the flow from the options, checking every value against the policy and the catalogue. On a
/// wrong value prints "explain: ..." with a suggestion to `errors` and returns std::nullopt.
std::optional<ExplainedFlow> explained_flow(const ExplainOptions& options, const gateway::policy::PolicySnapshot& snapshot,
                                            WallTime at, std::ostream& errors);

}  // namespace schoolgate::tools
