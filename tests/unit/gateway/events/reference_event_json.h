#pragma once

#include <string>
#include <string_view>

#include "gateway/events/verdict_event.h"

/// The event serializer as it was before gateway/events/json_line_writer.h: an nlohmann::json tree, dumped.
/// Kept here only, as the reference the direct writer must match byte for byte (event_json_test.cc).
namespace schoolgate::gateway::events::reference {

std::string to_json_line(const VerdictEvent& event);
std::string to_json_line(const AlertEvent& event);
std::string gap_json_line(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause);
std::string format_utc(WallTime time);
/// One string as nlohmann::json 3.11.2 dumps it: dump(-1, ' ', false, error_handler_t::replace).
std::string json_string(std::string_view text);

}  // namespace schoolgate::gateway::events::reference
