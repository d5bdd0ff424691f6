#include "gateway/events/log_file_name.h"

#include <cstdio>

namespace schoolgate::gateway::events {
namespace {

constexpr std::string_view kSuffix = ".jsonl";
// Far more files than a day can fill at any sane max_file_bytes; it only bounds the digits we read.
constexpr unsigned kMaxIndexDigits = 6;

bool all_digits(std::string_view text) noexcept {
    if (text.empty()) return false;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

unsigned to_number(std::string_view digits) noexcept {
    unsigned value = 0;
    for (const char c : digits) value = value * 10 + static_cast<unsigned>(c - '0');
    return value;
}

std::optional<std::chrono::sys_days> parse_day(std::string_view text) noexcept {
    // YYYY-MM-DD exactly.
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = text.substr(0, 4);
    const auto month = text.substr(5, 2);
    const auto day = text.substr(8, 2);
    if (!all_digits(year) || !all_digits(month) || !all_digits(day)) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year{static_cast<int>(to_number(year))},
                                           std::chrono::month{to_number(month)}, std::chrono::day{to_number(day)}};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days{date};
}

}  // namespace

std::chrono::sys_days utc_day(WallTime time) noexcept { return std::chrono::floor<std::chrono::days>(time); }

std::string format_day(std::chrono::sys_days day) {
    const std::chrono::year_month_day date{day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

std::string log_file_name(std::string_view base_name, std::chrono::sys_days day, unsigned index) {
    std::string name{base_name};
    name += '-';
    name += format_day(day);
    if (index > 0) name += '.' + std::to_string(index);
    name += kSuffix;
    return name;
}

std::optional<LogFileName> parse_log_file_name(std::string_view base_name, std::string_view file_name) noexcept {
    if (base_name.empty() || !file_name.starts_with(base_name)) return std::nullopt;
    auto rest = file_name.substr(base_name.size());
    if (!rest.starts_with('-') || !rest.ends_with(kSuffix)) return std::nullopt;
    rest = rest.substr(1, rest.size() - 1 - kSuffix.size());
    const auto day = parse_day(rest.substr(0, 10));
    if (!day) return std::nullopt;
    rest = rest.substr(10);
    if (rest.empty()) return LogFileName{*day, 0};
    if (rest.front() != '.') return std::nullopt;
    const auto digits = rest.substr(1);
    if (!all_digits(digits) || digits.size() > kMaxIndexDigits || digits.front() == '0') return std::nullopt;
    return LogFileName{*day, to_number(digits)};
}

}  // namespace schoolgate::gateway::events
