#include "config/suggest.h"
#include "config/timetable/civil_text.h"
#include "config/timetable/compile_steps.h"
#include "config/timetable/compiled_timetable.h"

namespace schoolgate::config::timetable {

namespace detail {

void ErrorSink::add(const Written& at, std::string path, std::string message) {
    errors_.push_back({file_, at.line, at.column, std::move(path), std::move(message)});
}

std::optional<std::chrono::minutes> clock_at(const Written& value, const std::string& path, ErrorSink& errors) {
    if (auto time = parse_clock(value.text)) return time;
    errors.add(value, path, "'" + value.text + "' is not a time (" + clock_fix(value.text) + ")");
    return std::nullopt;
}

std::optional<date::local_days> date_at(const Written& value, const std::string& path, ErrorSink& errors) {
    if (auto day = parse_date(value.text)) return day;
    errors.add(value, path, "'" + value.text + "' is not a date (" + date_fix(value.text) + ")");
    return std::nullopt;
}

std::string date_range(date::local_days first, date::local_days last) {
    return format_date(first) + ".." + format_date(last);
}

}  // namespace detail

namespace {

using detail::ErrorSink;

constexpr std::array<const char*, 7> kWeekdayKeys = {"monday", "tuesday", "wednesday", "thursday",
                                                     "friday", "saturday", "sunday"};

std::size_t schedule_at(const std::vector<DaySchedule>& days, const Written& name, const std::string& path,
                        ErrorSink& errors) {
    std::vector<std::string_view> known;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (days[i].name == name.text) return i;
        known.emplace_back(days[i].name);
    }
    errors.add(name, path, "unknown day schedule '" + name.text + "' (" + did_you_mean(name.text, known) +
                               "day schedules are defined under timetable.days)");
    return TimetableData::kNoSchedule;
}

void compile_weeks(const TimetableModel& model, TimetableData& data, ErrorSink& errors) {
    if (model.cycle_starts) {
        if (const auto starts = detail::date_at(*model.cycle_starts, "timetable.weeks.starts", errors)) {
            // Cycles turn over on Mondays, so a mid-week start date means "the week containing it".
            data.cycle_monday = *starts - (date::weekday{*starts} - date::Monday);
        }
    }
    for (std::size_t w = 0; w < model.weeks.size(); ++w) {
        const std::string path = model.cycle_starts ? "timetable.weeks.cycle[" + std::to_string(w) + "]" : "timetable.week";
        TimetableData::Week week;
        week.fill(TimetableData::kNoSchedule);
        for (std::size_t d = 0; d < week.size(); ++d) {
            if (const auto& name = model.weeks[w].days[d]) {
                week[d] = schedule_at(data.days, *name, path + "." + kWeekdayKeys[d], errors);
            }
        }
        data.weeks.push_back(week);
    }
}

void compile_special_days(const TimetableModel& model, const detail::CompiledTerms& terms, TimetableData& data,
                          ErrorSink& errors) {
    std::map<date::local_days, std::size_t> first_listed;
    for (std::size_t i = 0; i < model.special_days.size(); ++i) {
        const auto& special = model.special_days[i];
        const std::string path = "timetable.special_days[" + std::to_string(i) + "]";
        const auto day = detail::date_at(special.date, path + ".date", errors);
        const std::size_t schedule = schedule_at(data.days, special.day, path + ".day", errors);
        if (!day) continue;
        if (const auto earlier = first_listed.find(*day); earlier != first_listed.end()) {
            errors.add(special.date, path + ".date",
                       special.date.text + " is already listed at timetable.special_days[" +
                           std::to_string(earlier->second) + "] (list each date once)");
            continue;
        }
        first_listed.emplace(*day, i);
        if (!detail::in_some_term(terms, *day)) {
            errors.add(special.date, path + ".date",
                       special.date.text + " is not in any term (a special day changes a school day's schedule: "
                                           "check the date, or add its term under timetable.terms)");
        }
        if (schedule != TimetableData::kNoSchedule) data.special_days.emplace(*day, schedule);
    }
}

}  // namespace

Result<CompiledTimetable, ConfigErrors> compile_timetable(const TimetableModel& model) {
    ConfigErrors errors;
    ErrorSink sink{model.file, errors};
    TimetableData data;
    const auto start = detail::clock_at(model.school_start, "timetable.school_hours.start", sink);
    const auto end = detail::clock_at(model.school_end, "timetable.school_hours.end", sink);
    if (start && end && *end <= *start) {
        sink.add(model.school_end, "timetable.school_hours.end",
                 "end " + model.school_end.text + " is not after start " + model.school_start.text +
                     " (school hours must end after they start)");
    }
    data.school_start = start.value_or(std::chrono::minutes{0});
    data.school_end = end.value_or(std::chrono::minutes{0});
    data.days = detail::compile_days(model.days, sink);
    compile_weeks(model, data, sink);
    auto terms = detail::compile_terms(model.terms, sink);
    data.closures = detail::compile_closures(model.closures, terms, sink);
    compile_special_days(model, terms, data, sink);
    data.terms = std::move(terms.terms);
    using Compiled = Result<CompiledTimetable, ConfigErrors>;
    if (!errors.empty()) return Compiled::failure(std::move(errors));
    return Compiled::success(CompiledTimetable{std::move(data)});
}

}  // namespace schoolgate::config::timetable
