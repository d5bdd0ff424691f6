#pragma once

#include "tools/common/explain_options.h"

namespace CLI {
class App;
}

namespace schoolgate::tools {


/// `schoolgate explain`: the engine's answer for one flow at one school time - the service and where it
/// came from, each technique's verdict, the final verdict, the rule or exemption that decided it, the
/// timetable period, and why each earlier rule did not match. Runs gateway::policy::assess_flow(), the
/// very function the packet path runs, with no packets.
ExplainOptions& add_explain_command(CLI::App& app);
int run_explain(const ExplainOptions& options);

}  // namespace schoolgate::tools
