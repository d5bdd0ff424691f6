#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gateway/events/verdict_event.h"
#include "support/temp_directory.h"

namespace schoolgate::test {

/// A block verdict for flow `flow_id`, with a host name long enough to make lines of different lengths.
inline gateway::events::VerdictEvent block_event(std::uint64_t flow_id, std::size_t host_bytes = 16) {
    gateway::events::VerdictEvent event;
    event.flow_id = flow_id;
    event.host = std::string(host_bytes, 'h') + ".example";
    event.verdict = "block";
    event.rule = "pupils.never.social";
    event.role = "pupil";
    return event;
}

/// Every line of an event log file parsed; a line that is not JSON fails the calling test (parse throws).
inline std::vector<nlohmann::json> parse_event_lines(const std::string& path) {
    std::vector<nlohmann::json> events;
    for (const auto& line : split_lines(read_text(path))) events.push_back(nlohmann::json::parse(line));
    return events;
}

}  // namespace schoolgate::test
