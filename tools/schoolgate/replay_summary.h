#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "gateway/engine/inspection_engine.h"

namespace schoolgate::tools {

/// Prints the human summary of a replay: packets, flows, names by source, services, verdicts, anomalies
/// and speed; `workers` engines' counts together.
void print_replay_summary(std::ostream& out, const std::string& capture, const gateway::engine::EngineCounters& counters,
                          const gateway::flow::FlowTableCounters& flows, std::size_t workers,
                          std::chrono::duration<double> elapsed);

}  // namespace schoolgate::tools
