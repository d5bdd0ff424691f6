#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/time/wall_time.h"

namespace schoolgate::gateway::events {

/// The UTC calendar day that `time` falls on.
std::chrono::sys_days utc_day(WallTime time) noexcept;

/// "2026-03-04".
std::string format_day(std::chrono::sys_days day);

/// The event log's file name for a day: "<base_name>-2026-03-04.jsonl" for index 0, then
/// "<base_name>-2026-03-04.1.jsonl", ".2.jsonl" ... as the day's files fill up.
std::string log_file_name(std::string_view base_name, std::chrono::sys_days day, unsigned index);

struct LogFileName {
    std::chrono::sys_days day;
    unsigned index = 0;
};

/// Reads back exactly the names log_file_name() makes for `base_name`: a real calendar date, an index
/// without leading zeros, and nothing else. Any other name (another base, "events-2026-03-04.jsonl.bak",
/// "events-2026-02-30.jsonl") is nullopt, so the retention sweep can never match a file it did not write.
std::optional<LogFileName> parse_log_file_name(std::string_view base_name, std::string_view file_name) noexcept;

}  // namespace schoolgate::gateway::events
