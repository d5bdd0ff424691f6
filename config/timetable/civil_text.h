#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

namespace schoolgate::config::timetable {

/// Reads "HH:MM" (24-hour, two digits each, 00:00..23:59) as minutes after midnight; nothing else.
std::optional<std::chrono::minutes> parse_clock(std::string_view text) noexcept;
/// The fix for text parse_clock() refused: "write it as 09:05" when the intent is clear ("9:5", "9.05"),
/// else "write it as HH:MM in 24-hour time, e.g. 13:15".
std::string clock_fix(std::string_view text);
/// "09:05".
std::string format_clock(std::chrono::minutes time);

/// Reads "YYYY-MM-DD" (a real calendar date) and nothing else.
std::optional<date::local_days> parse_date(std::string_view text) noexcept;
/// The fix for text parse_date() refused: "write it as 2025-09-03" when the intent is clear
/// ("2025-9-3", or the UK "03/09/2025"), else "write it as YYYY-MM-DD, e.g. 2025-09-03".
std::string date_fix(std::string_view text);
/// "2025-09-03".
std::string format_date(date::local_days day);

}  // namespace schoolgate::config::timetable
