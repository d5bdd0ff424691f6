#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "gateway/engine/inspection_engine.h"

namespace schoolgate::tools {

/// Prints the human summary of a replay: packets, flows, names by source, services, verdicts, anomalies
/// and speed.
void print_replay_summary(std::ostream& out, const std::string& capture, const gateway::engine::InspectionEngine& engine,
                          std::chrono::duration<double> elapsed);

}  // namespace schoolgate::tools
