#pragma once

#include "common/time/wall_time.h"
#include "config/timetable/timetable_types.h"

namespace date {
class time_zone;
}

namespace schoolgate::config::timetable {

/// The school's local civil time at a UTC instant, in `zone` (from date::locate_zone; must not be null).
/// Never ambiguous: each UTC instant has exactly one local time, including in the repeated October hour.
/// Uses the zone rules only, never the TZ environment variable or a clock.
LocalMoment to_local(const date::time_zone* zone, WallTime utc);

}  // namespace schoolgate::config::timetable
