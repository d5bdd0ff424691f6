#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/time/wall_time.h"

namespace schoolgate::tools::report {

/// The time window of a report, as instants: since inclusive, until exclusive.
struct ReportBounds {
    std::optional<WallTime> since;
    std::optional<WallTime> until;
};

/// Parses a school-local "YYYY-MM-DD[THH:MM[:SS]]" into an instant (the policy's parse_local_time).
using LocalTimeParser = std::function<std::optional<WallTime>(const std::string&)>;

/// Parses --since and --until (empty = open). With `local` (a policy was given) they are school-local
/// times, as `check --at` and `explain --at` take them; without it, UTC ("2026-03-04T10:15", a 'Z' may
/// follow). `--until` given as a bare date includes that whole day: the window ends at the next midnight.
/// The error names the option and says how to write it.
Result<ReportBounds, std::string> parse_report_bounds(const std::string& since, const std::string& until,
                                                      const LocalTimeParser& local);

/// A window --since takes by name: its first and last day, "YYYY-MM-DD", both included.
struct NamedWindow {
    std::string first_day;
    std::string last_day;
};

/// The windows an officer asks for by name: `today`, `this-week` and `last-week` (weeks run Monday to Sunday,
/// as the school's do). `today` is the date of now where the report is read (school-local with a policy),
/// "YYYY-MM-DD". nullopt for any other name, or a `today` that is not a date.
std::optional<NamedWindow> named_window(std::string_view name, std::string_view today);

}  // namespace schoolgate::tools::report
