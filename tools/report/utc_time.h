#pragma once

#include <optional>
#include <string_view>

#include "common/time/wall_time.h"

namespace schoolgate::tools::report {

/// Parses the events' timestamps, "YYYY-MM-DDTHH:MM:SS[.fff...]Z" (RFC 3339 UTC, as the writer writes them).
/// std::nullopt for anything else, including impossible dates (2026-02-30).
std::optional<WallTime> parse_event_ts(std::string_view text) noexcept;

/// Parses a UTC bound given on the command line: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS",
/// optionally ending in 'Z'. A bare date is its midnight. Sets `date_only` when no time of day was given.
std::optional<WallTime> parse_utc_bound(std::string_view text, bool& date_only) noexcept;

/// "2026-03-04" for a day, the one the report's per-day counts use when an event has no school time.
std::string_view date_part(std::string_view timestamp) noexcept;

}  // namespace schoolgate::tools::report
