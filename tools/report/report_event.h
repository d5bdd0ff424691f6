#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time/wall_time.h"

namespace schoolgate::tools::report {

/// The event kinds a report understands (docs/schema/events.schema.json). Other kinds are counted and ignored.
enum class EventKind { Verdict, Circumvention, Alert, Gap };

/// One event line as the report needs it: the fields of verdict, circumvention, alert and gap events that
/// people read, as plain strings (empty when absent). Strings are untrusted: renderers escape them.
struct ReportEvent {
    EventKind kind = EventKind::Verdict;
    WallTime ts{};
    std::string ts_text;      ///< as written: "2026-03-04T10:15:00.041Z"
    std::string school_time;  ///< "2026-03-04T10:15:00.041+00:00"
    std::string period;       ///< "P2 (lesson)"
    std::string user;
    std::string device;
    std::string role;
    std::string src_ip;
    std::string dst_ip;
    std::optional<std::int64_t> dst_port;
    std::string transport;
    std::string host;
    std::string service;  ///< verdicts; alerts join their services with ';'
    std::string verdict;  ///< "allow", "block", "monitor"; empty for alerts and gaps
    std::string rule;
    std::vector<std::string> techniques;
    std::string reason;
    // alert
    std::string alert;  ///< "repeated_attempts", "circumvention"
    std::int64_t attempts = 0;
    // gap
    std::string gap_since;
    WallTime gap_since_ts{};
    std::int64_t lost = 0;
    std::string cause;
};

/// An attempt to reach something the school does not allow: a blocked flow or any circumvention.
bool is_attempt(const ReportEvent& event) noexcept;

}  // namespace schoolgate::tools::report
