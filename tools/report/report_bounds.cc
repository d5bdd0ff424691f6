#include "tools/report/report_bounds.h"

#include <chrono>
#include <cstdio>

#include "tools/report/utc_time.h"

namespace schoolgate::tools::report {

namespace {

std::string day_text(std::chrono::sys_days day) {
    const std::chrono::year_month_day date{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return text;
}

// The calendar day after a "YYYY-MM-DD" day, written the same way (local midnights differ from UTC ones,
// so the next day is parsed as text, never computed as +24 h: a clock change makes a day 23 or 25 hours).
std::string next_day_text(std::chrono::sys_days day) { return day_text(day + std::chrono::days{1}); }

std::optional<WallTime> parse_one(const std::string& text, bool is_until, const LocalTimeParser& local) {
    bool date_only = false;
    // Shape and calendar checks are the same for both forms; the UTC reading also gives the day.
    const auto utc = parse_utc_bound(text, date_only);
    if (!local) {
        if (!utc) return std::nullopt;
        return is_until && date_only ? *utc + std::chrono::days{1} : *utc;
    }
    if (!text.empty() && text.back() == 'Z') return std::nullopt;  // a UTC time where school time is expected
    if (is_until && date_only && utc) return local(next_day_text(std::chrono::floor<std::chrono::days>(*utc)));
    return local(text);
}

}  // namespace

std::optional<NamedWindow> named_window(std::string_view name, std::string_view today) {
    bool date_only = false;
    const auto midnight = parse_utc_bound(today, date_only);
    if (!midnight || !date_only) return std::nullopt;
    const auto day = std::chrono::floor<std::chrono::days>(*midnight);
    if (name == "today") return NamedWindow{day_text(day), day_text(day)};
    // Calendar arithmetic on dates only: the days are turned into local instants later, one by one.
    const auto monday = day - (std::chrono::weekday{day} - std::chrono::Monday);
    if (name == "this-week") return NamedWindow{day_text(monday), day_text(monday + std::chrono::days{6})};
    if (name == "last-week") return NamedWindow{day_text(monday - std::chrono::days{7}), day_text(monday - std::chrono::days{1})};
    return std::nullopt;
}

Result<ReportBounds, std::string> parse_report_bounds(const std::string& since, const std::string& until,
                                                      const LocalTimeParser& local) {
    using R = Result<ReportBounds, std::string>;
    const char* how = local ? "is not a school-local time (write it as 2026-03-04T10:15 or 2026-03-04)"
                            : "is not a UTC time (write it as 2026-03-04T10:15Z or 2026-03-04; give --policy to use "
                              "the school's local time)";
    ReportBounds bounds;
    if (!since.empty()) {
        bounds.since = parse_one(since, false, local);
        if (!bounds.since) return R::failure("--since: '" + since + "' " + how);
    }
    if (!until.empty()) {
        bounds.until = parse_one(until, true, local);
        if (!bounds.until) return R::failure("--until: '" + until + "' " + how);
    }
    if (bounds.since && bounds.until && *bounds.until <= *bounds.since) {
        return R::failure("--until: '" + until + "' is not after --since '" + since + "' (the window would be empty)");
    }
    return R::success(bounds);
}

}  // namespace schoolgate::tools::report
