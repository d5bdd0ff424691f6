#pragma once

#include <string>

#include "gateway/events/verdict_event.h"

namespace schoolgate::gateway::events {

/// Appends one JSON line (no trailing newline) for the event to `out`. Strings from the wire are capped at
/// kMaxUntrustedStringBytes (with "truncated": true on the event) and escaped by the JSON writer; bytes that
/// are not UTF-8 are replaced, so a crafted name can never break the line or forge another event. The keys
/// of every object are in byte-wise order, and the line is byte-identical to what nlohmann::json 3.11.2
/// `dump(-1, ' ', false, error_handler_t::replace)` made of the same fields (the format the event log has
/// always had; tests/unit/gateway/events/event_json_differential_test.cc holds the two side by side).
void append_json_line(const VerdictEvent& event, std::string& out);
void append_json_line(const AlertEvent& event, std::string& out);
/// A `gap` event: `lost` events could not be written between `since` and `until` (queue full, disk full,
/// read-only directory). Written by the event writer itself as soon as it can write again.
void append_gap_json_line(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause,
                          std::string& out);

/// The same lines as new strings.
std::string to_json_line(const VerdictEvent& event);
std::string to_json_line(const AlertEvent& event);
std::string gap_json_line(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause);

/// RFC 3339 UTC with milliseconds: "2026-03-04T10:15:00.041Z".
std::string format_utc(WallTime time);

inline constexpr std::size_t kMaxUntrustedStringBytes = 255;

}  // namespace schoolgate::gateway::events
