#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tools/report/event_reader.h"
#include "tools/report/report_event.h"

namespace schoolgate::tools::report {

/// A name and how many times it was counted, for the report's tables and bar charts.
using Tally = std::vector<std::pair<std::string, std::size_t>>;

/// Counts for one day (or one hour) of the timeline chart.
struct TimelineBucket {
    std::string label;  ///< "2026-03-04" or "10:00"
    std::size_t blocked = 0;
    std::size_t circumvention = 0;
    std::size_t monitored = 0;
};

/// Everything the renderers show, computed once from the filtered events. Tallies are sorted by count,
/// largest first, then by name, so the same events always give the same report.
struct ReportModel {
    std::vector<ReportEvent> events;  ///< chronological

    std::size_t verdicts = 0;       ///< verdict and circumvention events
    std::size_t blocked = 0;        ///< of those, verdict block
    std::size_t monitored = 0;      ///< verdict monitor
    std::size_t allowed = 0;        ///< verdict allow (only with replay --all-flows)
    std::size_t circumvention = 0;  ///< circumvention events
    std::size_t attempts = 0;       ///< blocked or circumvention
    std::size_t alerts = 0;
    std::size_t gaps = 0;
    std::int64_t events_lost = 0;  ///< sum of the gaps' `lost`

    Tally blocks_by_service;
    Tally blocks_by_role;
    Tally blocks_by_period;
    Tally monitored_by_service;
    Tally monitored_by_user;  ///< user, or the device's address when no user is known
    Tally circumvention_by_technique;  ///< wire names ("vpn.openvpn"); one count per event that showed it
    Tally attempts_by_user;            ///< known users only
    Tally attempts_by_device;          ///< device label, else "ADDRESS (no device label)"
    std::vector<TimelineBucket> by_day;
    std::vector<TimelineBucket> by_hour;  ///< school-local hour; filled when every event is on one day

    // What could not be used, from the reader.
    std::vector<std::string> files;
    std::size_t lines = 0;
    std::vector<SkippedLine> skipped;
    std::size_t unknown_kind_lines = 0;
    std::map<std::string, std::size_t> unknown_kinds;
};

/// Aggregates filtered, chronological events (and the reader's counts of what it could not use).
ReportModel build_report(std::vector<ReportEvent> events, const EventLog& log);

/// Who an event is about, for lists of devices: its label, else its address.
std::string device_key(const ReportEvent& event);

}  // namespace schoolgate::tools::report
