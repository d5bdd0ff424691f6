#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time/wall_time.h"
#include "tools/report/report_event.h"

namespace schoolgate::tools::report {

/// Which events a report covers: a time window on `ts` (since inclusive, until exclusive) and, for one
/// person's timeline, a user or a device (its label or, for a device with no label, its address).
struct EventFilter {
    std::optional<WallTime> since;
    std::optional<WallTime> until;
    std::string user;
    std::string device;

    bool is_person() const noexcept { return !user.empty() || !device.empty(); }
    /// Gaps are kept whoever they concern when they overlap the window: lost evidence may have been
    /// anyone's, so a person's timeline must say that it may be incomplete.
    bool matches(const ReportEvent& event) const noexcept;
};

std::vector<ReportEvent> apply_filter(std::vector<ReportEvent> events, const EventFilter& filter);

}  // namespace schoolgate::tools::report
