#include <date/tz.h>

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
