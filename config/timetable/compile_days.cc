#include <algorithm>

#include "config/suggest.h"
#include "config/timetable/civil_text.h"
#include "config/timetable/compile_steps.h"

namespace schoolgate::config::timetable::detail {

namespace {

struct CheckedPeriod {
    Period period;
    const PeriodModel* model = nullptr;
    std::string path;
};

std::optional<PeriodKind> kind_at(const Written& kind, const std::string& path, ErrorSink& errors) {
    if (auto parsed = period_kind_from_name(kind.text)) return parsed;
    errors.add(kind, path, "unknown period kind '" + kind.text + "' (" + did_you_mean(kind.text, period_kind_names()) +
                               "kinds are lesson, break, lunch, registration, before_school, after_school, other)");
    return std::nullopt;
}

std::optional<CheckedPeriod> check_period(const PeriodModel& model, const std::string& path, ErrorSink& errors) {
    const auto start = clock_at(model.start, path + ".start", errors);
    const auto end = clock_at(model.end, path + ".end", errors);
    const auto kind = kind_at(model.kind, path + ".kind", errors);
    if (start && end && *end <= *start) {
        errors.add(model.end, path + ".end",
                   "end " + model.end.text + " is not after start " + model.start.text +
                       " (a period must end after it starts)");
        return std::nullopt;
    }
    if (!start || !end || !kind) return std::nullopt;
    return CheckedPeriod{Period{model.name.text, *kind, *start, *end}, &model, path};
}

void check_unique_names(const std::vector<CheckedPeriod>& periods, ErrorSink& errors) {
    for (std::size_t i = 0; i < periods.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (periods[j].period.name != periods[i].period.name) continue;
            errors.add(periods[i].model->name, periods[i].path + ".name",
                       "'" + periods[i].period.name + "' is already the name of " + periods[j].path +
                           " (give each period in a day its own name)");
            break;
        }
    }
}

std::string span_text(const Period& period) {
    return "'" + period.name + "' " + format_clock(period.start) + "-" + format_clock(period.end);
}

// Sorted by start, a period overlaps an earlier one exactly when it starts before the latest end so far;
// comparing with that one (not just the neighbour) also catches a period nested inside a long one.
void check_overlaps(std::vector<CheckedPeriod>& periods, ErrorSink& errors) {
    std::stable_sort(periods.begin(), periods.end(),
                     [](const auto& a, const auto& b) { return a.period.start < b.period.start; });
    const CheckedPeriod* latest = nullptr;
    for (const auto& current : periods) {
        if (latest && current.period.start < latest->period.end) {
            const Period& earlier = latest->period;
            errors.add(current.model->at, current.path,
                       span_text(current.period) + " overlaps " + span_text(earlier) + " (start '" +
                           current.period.name + "' at " + format_clock(earlier.end) + " or later, or end '" +
                           earlier.name + "' by " + format_clock(current.period.start) + ")");
        }
        if (!latest || current.period.end > latest->period.end) latest = &current;
    }
}

}  // namespace

std::vector<DaySchedule> compile_days(const std::vector<DayModel>& days, ErrorSink& errors) {
    std::vector<DaySchedule> compiled;
    for (const auto& day : days) {
        std::vector<CheckedPeriod> checked;
        for (std::size_t i = 0; i < day.periods.size(); ++i) {
            const std::string path = "timetable.days." + day.name.text + "[" + std::to_string(i) + "]";
            if (auto period = check_period(day.periods[i], path, errors)) checked.push_back(std::move(*period));
        }
        check_unique_names(checked, errors);
        check_overlaps(checked, errors);
        DaySchedule schedule{day.name.text, {}};
        for (auto& entry : checked) schedule.periods.push_back(std::move(entry.period));
        compiled.push_back(std::move(schedule));
    }
    return compiled;
}

}  // namespace schoolgate::config::timetable::detail
