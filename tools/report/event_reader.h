#pragma once

#include <cstddef>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "tools/report/report_event.h"

namespace schoolgate::tools::report {

/// A line that was not used, and why: what the warning and the report say.
struct SkippedLine {
    std::string file;
    std::size_t line = 0;
    std::string reason;
};

/// Everything read from the event files, in the order read (sort before reporting), and what was not used.
struct EventLog {
    std::vector<ReportEvent> events;
    std::vector<std::string> files;
    std::size_t lines = 0;
    std::vector<SkippedLine> skipped;
    std::map<std::string, std::size_t> unknown_kinds;  ///< kind -> lines

    std::size_t unknown_total() const noexcept;
};

/// Reads one stream of JSON lines into `log`, naming it `file` in warnings. Blank lines are ignored;
/// malformed, truncated and overlong lines are recorded in `log.skipped`; unknown kinds are counted.
void read_event_stream(std::istream& in, const std::string& file, EventLog& log);

/// Sorts the events by time; events at the same instant keep the order they were read in.
void sort_chronologically(EventLog& log);

}  // namespace schoolgate::tools::report
