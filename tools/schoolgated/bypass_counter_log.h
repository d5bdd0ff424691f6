#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "common/result.h"

namespace schoolgate::tools::daemon {

/// Reads the kernel's bypass counter for `schoolgate stats` and Prometheus, and makes sure a failure to
/// read it is seen: without the count nobody can tell how much traffic passed uninspected. A stats scrape
/// may come every few seconds, so the log gets one warning when the read starts failing (or fails
/// differently) and one line when it works again, not one per scrape.
class BypassCounterLog {
public:
    struct Reading {
        std::optional<std::uint64_t> packets;  ///< absent when the counter could not be read
        std::string error;                     ///< why not; empty when it was read
    };

    /// `reader` is gateway::enforce::read_bypass_counter in the daemon; tests pass their own.
    using Reader = Result<std::uint64_t, std::string> (*)();
    explicit BypassCounterLog(Reader reader) noexcept : read_(reader) {}

    Reading read();

private:
    Reader read_;
    std::mutex mutex_;        ///< the stats socket and the metrics port may both ask
    std::string last_error_;  ///< the error last logged; empty while reads work
};

}  // namespace schoolgate::tools::daemon
