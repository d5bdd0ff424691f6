#include <date/tz.h>

#include <sstream>

#include "config/policy/compiled_policy.h"
#include "config/timetable/local_moment.h"

namespace schoolgate::config {

std::string CompiledPolicy::local_time_text(WallTime utc) const {
    const auto local = date::make_zoned(time_zone_, std::chrono::floor<std::chrono::milliseconds>(utc));
    // %Ez prints the offset as +01:00 (RFC 3339), where %z would print +0100.
    return date::format("%FT%T%Ez", local);
}

timetable::SchoolMoment CompiledPolicy::moment(WallTime utc) const {
    return timetable_.at(timetable::to_local(time_zone_, utc));
}

std::optional<WallTime> CompiledPolicy::parse_local_time(const std::string& text) const {
    date::local_seconds local;
    for (const char* format : {"%FT%T", "%FT%R", "%F %T", "%F %R", "%F"}) {
        std::istringstream in{text};
        in >> date::parse(format, local);
        if (!in.fail() && in.peek() == std::char_traits<char>::eof()) {
            const auto instant = time_zone_->to_sys(local, date::choose::earliest);
            return std::chrono::time_point_cast<std::chrono::microseconds>(instant);
        }
    }
    return std::nullopt;
}

}  // namespace schoolgate::config
