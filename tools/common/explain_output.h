#pragma once

#include <ostream>
#include <vector>

#include "config/policy/decide.h"
#include "gateway/policy/flow_assessment.h"
#include "tools/common/explain_question.h"

namespace schoolgate::tools {

/// `explain`'s answer for people: the verdict and what decided it, who, what (with the service and where
/// it came from), each technique's verdict, when (the timetable's words), and why each earlier rule did
/// not match.
void print_explanation_text(std::ostream& out, const config::CompiledPolicy& policy, const ExplainedFlow& flow,
                            const gateway::policy::Assessment& assessment, const std::vector<config::RuleMiss>& misses);

/// The same as one JSON object for scripts, tests and the console (docs/cli.md lists its keys).
void print_explanation_json(std::ostream& out, const config::CompiledPolicy& policy, const ExplainedFlow& flow,
                            const gateway::policy::Assessment& assessment, const std::vector<config::RuleMiss>& misses);

}  // namespace schoolgate::tools
