#include "tools/report/utc_time.h"

#include <algorithm>
#include <cstdint>

namespace schoolgate::tools::report {

namespace {

// Reads exactly `digits` decimal digits at `pos`, advancing it; nullopt if any is missing.
std::optional<int> read_number(std::string_view text, std::size_t& pos, std::size_t digits) noexcept {
    if (pos > text.size() || text.size() - pos < digits) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const char c = text[pos + i];  // in range: checked above
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    pos += digits;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) noexcept {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

std::optional<std::chrono::sys_days> read_date(std::string_view text, std::size_t& pos) noexcept {
    const auto year = read_number(text, pos, 4);
    if (!year || !expect(text, pos, '-')) return std::nullopt;
    const auto month = read_number(text, pos, 2);
    if (!month || !expect(text, pos, '-')) return std::nullopt;
    const auto day = read_number(text, pos, 2);
    if (!day) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days{date};
}

// "HH:MM" then optionally ":SS"; seconds only when `seconds_required` or present.
std::optional<std::chrono::seconds> read_clock(std::string_view text, std::size_t& pos, bool seconds_required) noexcept {
    const auto hours = read_number(text, pos, 2);
    if (!hours || *hours > 23 || !expect(text, pos, ':')) return std::nullopt;
    const auto minutes = read_number(text, pos, 2);
    if (!minutes || *minutes > 59) return std::nullopt;
    int seconds = 0;
    if (pos < text.size() && text[pos] == ':') {
        ++pos;
        const auto s = read_number(text, pos, 2);
        if (!s || *s > 60) return std::nullopt;  // 60: a leap second as written
        seconds = *s;
    } else if (seconds_required) {
        return std::nullopt;
    }
    return std::chrono::hours{*hours} + std::chrono::minutes{*minutes} + std::chrono::seconds{seconds};
}

}  // namespace

std::optional<WallTime> parse_event_ts(std::string_view text) noexcept {
    std::size_t pos = 0;
    const auto day = read_date(text, pos);
    if (!day || !expect(text, pos, 'T')) return std::nullopt;
    const auto clock = read_clock(text, pos, true);
    if (!clock) return std::nullopt;
    std::chrono::microseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::int64_t scale = 100000;
        std::size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (scale > 0) fraction += std::chrono::microseconds{(text[pos] - '0') * scale};
            scale /= 10;
            ++pos;
            if (++digits > 9) return std::nullopt;
        }
        if (digits == 0) return std::nullopt;
    }
    if (!expect(text, pos, 'Z') || pos != text.size()) return std::nullopt;
    return WallTime{*day} + *clock + fraction;
}

std::optional<WallTime> parse_utc_bound(std::string_view text, bool& date_only) noexcept {
    std::size_t pos = 0;
    const auto day = read_date(text, pos);
    if (!day) return std::nullopt;
    date_only = pos == text.size();
    if (date_only) return WallTime{*day};
    if (!expect(text, pos, 'T')) return std::nullopt;
    const auto clock = read_clock(text, pos, false);
    if (!clock) return std::nullopt;
    if (pos < text.size() && text[pos] == 'Z') ++pos;
    if (pos != text.size()) return std::nullopt;
    return WallTime{*day} + *clock;
}

std::string_view date_part(std::string_view timestamp) noexcept {
    return timestamp.substr(0, std::min<std::size_t>(timestamp.size(), 10));
}

}  // namespace schoolgate::tools::report
