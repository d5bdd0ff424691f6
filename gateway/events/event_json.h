#pragma once

#include <string>

#include "gateway/events/verdict_event.h"

namespace schoolgate::gateway::events {

/// One JSON line (no trailing newline) for the event. Strings from the wire are capped at
/// kMaxUntrustedStringBytes (with "truncated": true on the event) and escaped by the JSON writer; bytes that
/// are not UTF-8 are replaced, so a crafted name can never break the line or forge another event.
std::string to_json_line(const VerdictEvent& event);
std::string to_json_line(const AlertEvent& event);
/// A `gap` event: `lost` events could not be written between `since` and `until` (queue full, disk full,
/// read-only directory). Written by the event writer itself as soon as it can write again.
std::string gap_json_line(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause);

/// RFC 3339 UTC with milliseconds: "2026-03-04T10:15:00.041Z".
std::string format_utc(WallTime time);

inline constexpr std::size_t kMaxUntrustedStringBytes = 255;

}  // namespace schoolgate::gateway::events
