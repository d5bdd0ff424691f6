#include <date/tz.h>

#include <sstream>
#include <string_view>

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

namespace {

// date::parse's %T reads hours, minutes and seconds into locals and then converts the seconds even when an
// earlier read failed: an uninitialised long double turned into an integer, undefined behaviour (clang's
// UBSan: "nan is outside the range of representable values", on "2026-03-04T08:00"; found by
// fuzz/policy_loader). So a %T format only sees text whose time is three fields of one or two digits.
bool has_three_time_fields(std::string_view text) {
    const auto start = text.find_first_of("T ");
    if (start == std::string_view::npos) return false;
    std::size_t fields = 0;
    std::size_t digits = 0;
    for (const char c : text.substr(start + 1)) {
        if (c == ':') {
            if (digits == 0) return false;
            ++fields;
            digits = 0;
        } else if (c >= '0' && c <= '9' && digits < 2) {
            ++digits;
        } else {
            return false;
        }
    }
    return fields == 2 && digits > 0;
}

}  // namespace

std::optional<WallTime> CompiledPolicy::parse_local_time(const std::string& text) const {
    date::local_seconds local;
    const bool seconds_readable = has_three_time_fields(text);
    for (const char* format : {"%FT%T", "%FT%R", "%F %T", "%F %R", "%F"}) {
        if (!seconds_readable && std::string_view{format}.ends_with("%T")) continue;
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
