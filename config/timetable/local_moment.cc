#include "config/timetable/local_moment.h"

#include <date/tz.h>

namespace schoolgate::config::timetable {

LocalMoment to_local(const date::time_zone* zone, WallTime utc) { return zone->to_local(utc); }

}  // namespace schoolgate::config::timetable
