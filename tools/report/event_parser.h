#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "tools/report/report_event.h"

namespace schoolgate::tools::report {

/// A line that holds an event of a kind this report does not know (a newer writer, another tool).
struct UnknownKind {
    std::string kind;
};
/// A line that is not an event: not JSON, truncated, or a field of the wrong type.
struct MalformedLine {
    std::string reason;  ///< "not valid JSON (cut short?)", "'ts' is missing or not an RFC 3339 UTC time"
};

using ParsedLine = std::variant<ReportEvent, UnknownKind, MalformedLine>;

/// Turns one event line into a ReportEvent. Total: never throws, whatever the bytes.
ParsedLine parse_event_line(std::string_view line) noexcept;

}  // namespace schoolgate::tools::report
