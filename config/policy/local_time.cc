#include <date/tz.h>

#include <cstdio>
#include <sstream>
#include <string_view>

#include "config/policy/compiled_policy.h"
#include "config/timetable/local_moment.h"

namespace schoolgate::config {

std::string CompiledPolicy::local_time_text(WallTime utc) const {
    // Every recorded event carries this, so it is on the packet path: date::format through an ostream and a
    // zone lookup cost about 13 000 instructions an event (bench/instructions). The zone's offset holds for
    // a whole period between transitions, so the last period is kept (per thread: the policy is shared
    // read-only between workers) and the text is written directly, exactly as date::format("%FT%T%Ez")
    // writes it for a millisecond time: 2026-03-04T10:15:00.000+00:00.
    struct Period {
        const date::time_zone* zone = nullptr;
        date::sys_seconds begin{};
        date::sys_seconds end{};
        std::chrono::seconds offset{};
    };
    thread_local Period period;
    const auto at = std::chrono::floor<std::chrono::milliseconds>(utc);
    const auto second = std::chrono::floor<std::chrono::seconds>(at);
    if (period.zone != time_zone_ || second < period.begin || second >= period.end) {
        const auto info = time_zone_->get_info(second);
        period = {time_zone_, info.begin, info.end, info.offset};
    }
    const auto local = at + period.offset;
    const auto day = std::chrono::floor<date::days>(local);
    const date::year_month_day date_part{day};
    const date::hh_mm_ss<std::chrono::milliseconds> time_part{local - day};
    const auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(period.offset).count();
    const long offset_abs = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    if (int{date_part.year()} < 0 || int{date_part.year()} > 9999) {
        return date::format("%FT%T%Ez", date::make_zoned(time_zone_, at));  // outside what the fast path writes
    }
    // Digits written by hand: snprintf cost about 4,900 instructions an event (bench/instructions, 2026-12-06).
    std::string text(29, '0');  // 2026-03-04T10:15:00.000+00:00
    const auto put = [&text](std::size_t from, long value, std::size_t digits) {
        for (std::size_t i = digits; i > 0; --i, value /= 10) text[from + i - 1] = static_cast<char>('0' + value % 10);
    };
    put(0, int{date_part.year()}, 4);
    text[4] = '-';
    put(5, unsigned{date_part.month()}, 2);
    text[7] = '-';
    put(8, unsigned{date_part.day()}, 2);
    text[10] = 'T';
    put(11, static_cast<long>(time_part.hours().count()), 2);
    text[13] = ':';
    put(14, static_cast<long>(time_part.minutes().count()), 2);
    text[16] = ':';
    put(17, static_cast<long>(time_part.seconds().count()), 2);
    text[19] = '.';
    put(20, static_cast<long>(time_part.subseconds().count()), 3);
    text[23] = offset_minutes < 0 ? '-' : '+';
    put(24, offset_abs / 60, 2);
    text[26] = ':';
    put(27, offset_abs % 60, 2);
    return text;
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


// "+01:00", "-05:30" or "Z" at the end of a date-time: that offset, and the text without it.
struct SplitOffset {
    std::string_view local;
    std::optional<std::chrono::minutes> offset;
    bool malformed = false;
};

SplitOffset split_offset(std::string_view text) {
    const auto time_start = text.find_first_of("T ");
    if (time_start == std::string_view::npos) return {text, std::nullopt};
    if (text.ends_with('Z')) return {text.substr(0, text.size() - 1), std::chrono::minutes{0}};
    const auto sign = text.find_first_of("+-", time_start);
    if (sign == std::string_view::npos) return {text, std::nullopt};
    const auto tail = text.substr(sign + 1);
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (tail.size() != 5 || tail[2] != ':' || !digit(tail[0]) || !digit(tail[1]) || !digit(tail[3]) || !digit(tail[4])) {
        return {text, std::nullopt, true};
    }
    const int minutes = ((tail[0] - '0') * 10 + (tail[1] - '0')) * 60 + (tail[3] - '0') * 10 + (tail[4] - '0');
    if (minutes > 18 * 60) return {text, std::nullopt, true};
    return {text.substr(0, sign), std::chrono::minutes{text[sign] == '-' ? -minutes : minutes}};
}

std::string offset_text(std::chrono::seconds offset) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
    // Zone offsets stay within a day (the tz database's widest is about 15 hours).
    const int magnitude = static_cast<int>((minutes < 0 ? -minutes : minutes) % (24 * 60));
    char text[16];
    std::snprintf(text, sizeof text, "%c%02d:%02d", minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
    return text;
}

// A local time written back at the precision it was given in: "2026-03-29T00:59" or "...T00:59:59".
std::string civil_text(date::local_seconds local, bool with_seconds) {
    return date::format(with_seconds ? "%FT%T" : "%FT%R", local);
}

std::string skipped_message(const date::time_zone& zone, const date::local_info& info, bool with_seconds) {
    // RFC 5545 and ISO 8601 leave a skipped time undefined; guessing either way moves a lesson by an hour.
    const auto change = info.second.begin;  // the instant the clocks go forward
    const auto clocks_at = date::local_seconds{(change + info.first.offset).time_since_epoch()};
    const auto before = clocks_at - (with_seconds ? std::chrono::seconds{1} : std::chrono::seconds{60});
    const auto after = date::local_seconds{(change + info.second.offset).time_since_epoch()};
    return "that time does not exist in " + zone.name() + " (the clocks go forward at " + date::format("%R", clocks_at) +
           "); use " + civil_text(before, with_seconds) + " " + info.first.abbrev + " or " +
           civil_text(after, with_seconds) + " " + info.second.abbrev;
}

std::string repeated_message(const date::time_zone& zone, const date::local_info& info, date::local_seconds local,
                             bool with_seconds) {
    const auto change = info.first.end;  // the instant the clocks go back
    const auto clocks_at = date::local_seconds{(change + info.first.offset).time_since_epoch()};
    const auto written = civil_text(local, with_seconds);
    return "that time happens twice in " + zone.name() + " (the clocks go back at " + date::format("%R", clocks_at) +
           "); say " + written + offset_text(info.first.offset) + " (" + info.first.abbrev + ") or " + written +
           offset_text(info.second.offset) + " (" + info.second.abbrev + ")";
}

}  // namespace

Result<WallTime, LocalTimeRefusal> CompiledPolicy::read_local_time(const std::string& text) const {
    using Outcome = Result<WallTime, LocalTimeRefusal>;
    const auto split = split_offset(text);
    if (split.malformed) return Outcome::failure({});
    const std::string local_text{split.local};
    date::local_seconds local;
    const bool seconds_readable = has_three_time_fields(local_text);
    const char* matched = nullptr;
    for (const char* format : {"%FT%T", "%FT%R", "%F %T", "%F %R", "%F"}) {
        if (!seconds_readable && std::string_view{format}.ends_with("%T")) continue;
        std::istringstream in{local_text};
        in >> date::parse(format, local);
        if (!in.fail() && in.peek() == std::char_traits<char>::eof()) {
            matched = format;
            break;
        }
    }
    if (!matched) return Outcome::failure({});
    const auto to_wall = [](date::sys_seconds instant) { return std::chrono::time_point_cast<std::chrono::microseconds>(instant); };
    if (std::string_view{matched} == "%F") {
        // A bare date means the day's first instant, even where the clocks change at midnight.
        return Outcome::success(to_wall(time_zone_->to_sys(local, date::choose::earliest)));
    }
    const bool with_seconds = std::string_view{matched}.ends_with("%T");
    if (split.offset) {
        const auto instant = date::sys_seconds{local.time_since_epoch()} - *split.offset;
        const auto info = time_zone_->get_info(instant);
        if (info.offset != *split.offset) {
            return Outcome::failure({false, "that offset is not " + time_zone_->name() + "'s then (it was " +
                                                offset_text(info.offset) + ", " + info.abbrev + "; write " +
                                                civil_text(local, with_seconds) + offset_text(info.offset) +
                                                " or leave the offset out)"});
        }
        return Outcome::success(to_wall(instant));
    }
    const auto info = time_zone_->get_info(local);
    switch (info.result) {
        case date::local_info::unique: break;
        case date::local_info::nonexistent:
            return Outcome::failure({false, skipped_message(*time_zone_, info, with_seconds)});
        case date::local_info::ambiguous:
            return Outcome::failure({false, repeated_message(*time_zone_, info, local, with_seconds)});
    }
    return Outcome::success(to_wall(time_zone_->to_sys(local)));
}

std::optional<WallTime> CompiledPolicy::parse_local_time(const std::string& text) const {
    auto read = read_local_time(text);
    if (!read.ok()) return std::nullopt;
    return read.value();
}

}  // namespace schoolgate::config
