#include "tools/report/event_filter.h"

#include <algorithm>

namespace schoolgate::tools::report {

bool EventFilter::matches(const ReportEvent& event) const noexcept {
    if (event.kind == EventKind::Gap) {
        // [gap_since, ts] overlaps [since, until)
        if (since && event.ts < *since) return false;
        if (until && event.gap_since_ts >= *until) return false;
        return true;
    }
    if (since && event.ts < *since) return false;
    if (until && event.ts >= *until) return false;
    if (!user.empty() && event.user != user) return false;
    if (!device.empty() && event.device != device && !(event.device.empty() && event.src_ip == device)) return false;
    return true;
}

std::vector<ReportEvent> apply_filter(std::vector<ReportEvent> events, const EventFilter& filter) {
    std::erase_if(events, [&](const ReportEvent& e) { return !filter.matches(e); });
    return events;
}

}  // namespace schoolgate::tools::report
