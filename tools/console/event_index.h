#pragma once

#include <cstddef>
#include <string>

#include "tools/console/console.h"

namespace schoolgate::tools::console {

struct IngestSummary {
    std::size_t files = 0;
    std::size_t events = 0;
    std::size_t malformed = 0;  ///< lines that are not events (counted, skipped, shown on the status page)
    std::string error;
};

/// Brings the event index up to date with the daemon's JSON-lines files (`*.jsonl` in the event
/// directory, rotated ones included): each file is read from where the last ingest stopped, whole lines
/// only (a line being written is left for next time), and the events and the new offset are stored in one
/// transaction, so ingesting twice never indexes a line twice. A file that shrank (replaced) is read
/// again from its start. Events older than the event log's retention are forgotten.
IngestSummary ingest_events(Console& console);

}  // namespace schoolgate::tools::console
