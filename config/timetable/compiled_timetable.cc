#include "config/timetable/compiled_timetable.h"

#include <algorithm>
#include <array>

namespace schoolgate::config::timetable {

namespace {

constexpr std::array<const char*, 7> kWeekdayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                      "Thursday", "Friday", "Saturday"};  // c_encoding order
constexpr std::array<const char*, 12> kMonthNames = {"January", "February", "March",     "April",   "May",      "June",
                                                     "July",    "August",   "September", "October", "November", "December"};

std::string weekday_text(date::weekday weekday) { return kWeekdayNames[weekday.c_encoding()]; }

// "Thursday 25 December": outside term the bare weekday says too little.
std::string dated_text(date::local_days day) {
    const date::year_month_day ymd{day};
    return weekday_text(date::weekday{day}) + " " + std::to_string(static_cast<unsigned>(ymd.day())) + " " +
           kMonthNames[static_cast<unsigned>(ymd.month()) - 1];
}

bool contains(date::local_days first, date::local_days last, date::local_days day) noexcept {
    return first <= day && day <= last;
}

bool is_kind(const SchoolMoment& moment, PeriodKind kind) noexcept {
    return moment.period != nullptr && moment.period->kind == kind;
}

}  // namespace

const Term* CompiledTimetable::term_containing(date::local_days day) const noexcept {
    // Terms are sorted and disjoint: only the last one starting on or before `day` can contain it.
    const auto& terms = data_.terms;
    auto after = std::upper_bound(terms.begin(), terms.end(), day, [](date::local_days d, const Term& t) { return d < t.first; });
    if (after == terms.begin()) return nullptr;
    const Term& candidate = *std::prev(after);
    return day <= candidate.last ? &candidate : nullptr;
}

const DaySchedule* CompiledTimetable::scheduled(date::local_days day, date::weekday weekday) const noexcept {
    if (const auto special = data_.special_days.find(day); special != data_.special_days.end()) {
        return &data_.days[special->second];
    }
    if (data_.weeks.empty()) return nullptr;
    const date::local_days monday = day - (weekday - date::Monday);
    const long long weeks_since = (monday - data_.cycle_monday).count() / 7;  // exact: both are Mondays
    const auto cycle = static_cast<long long>(data_.weeks.size());
    const auto& week = data_.weeks[static_cast<std::size_t>(((weeks_since % cycle) + cycle) % cycle)];
    const std::size_t index = week[weekday.iso_encoding() - 1];
    return index == TimetableData::kNoSchedule ? nullptr : &data_.days[index];
}

DayView CompiledTimetable::day(date::local_days day) const {
    DayView view{day, date::weekday{day}};
    view.term = term_containing(day);
    if (view.term == nullptr) return view;  // DayStatus::Holiday
    const auto& halves = view.term->half_terms;
    view.half_term =
        std::any_of(halves.begin(), halves.end(), [day](const HalfTerm& h) { return contains(h.first, h.last, day); });
    if (view.half_term) {
        view.status = DayStatus::HalfTerm;
        return view;
    }
    const auto closure = std::find_if(data_.closures.begin(), data_.closures.end(),
                                      [day](const Closure& c) { return contains(c.first, c.last, day); });
    if (closure != data_.closures.end()) {
        view.closure = &*closure;
        view.status = DayStatus::Closed;
        return view;
    }
    view.schedule = scheduled(day, view.weekday);
    view.status = view.schedule ? DayStatus::SchoolDay : DayStatus::NoSchool;
    return view;
}

SchoolMoment CompiledTimetable::at(LocalMoment local) const {
    const auto midnight = std::chrono::floor<date::days>(local);
    const DayView view = day(midnight);
    SchoolMoment moment{view.day, view.weekday, std::chrono::floor<std::chrono::minutes>(local - midnight)};
    moment.term = view.term;
    moment.half_term = view.half_term;
    moment.closure = view.closure;
    moment.school_day = view.school_day();
    moment.schedule = view.schedule;
    if (!moment.school_day) return moment;
    const auto now = moment.time_of_day;
    for (const Period& period : view.schedule->periods) {
        if (period.start <= now && now < period.end) {
            moment.period = &period;
            break;
        }
    }
    moment.in_school_hours = data_.school_start <= now && now < data_.school_end;
    return moment;
}

bool CompiledTimetable::holds(Condition condition, const SchoolMoment& moment) noexcept {
    switch (condition) {
        case Condition::Lesson: return is_kind(moment, PeriodKind::Lesson);
        case Condition::Break: return is_kind(moment, PeriodKind::Break);
        case Condition::Lunch: return is_kind(moment, PeriodKind::Lunch);
        case Condition::Registration: return is_kind(moment, PeriodKind::Registration);
        case Condition::SchoolHours: return moment.in_school_hours;
        case Condition::OutsideSchoolHours: return !moment.in_school_hours;
        case Condition::Term: return moment.term != nullptr && !moment.half_term;
        case Condition::Holiday: return moment.term == nullptr || moment.half_term || moment.closure != nullptr;
        case Condition::Always: return true;
    }
    return false;  // unreachable: the switch covers every enumerator, and -Wswitch keeps it so
}

std::string CompiledTimetable::describe(const SchoolMoment& moment) {
    const std::string weekday = weekday_text(moment.weekday);
    if (moment.term == nullptr) return dated_text(moment.day) + ", holiday";
    if (moment.half_term) return weekday + ", half term (" + moment.term->name + ")";
    if (moment.closure != nullptr) return weekday + ", " + moment.closure->name;
    const std::string& term = moment.term->name;
    if (!moment.school_day) return weekday + ", " + term;
    if (moment.period != nullptr) {
        return weekday + " " + moment.period->name + " (" + std::string{period_kind_name(moment.period->kind)} + "), " + term;
    }
    return weekday + (moment.in_school_hours ? ", school hours, " : ", outside school hours, ") + term;
}

std::string CompiledTimetable::describe(const DayView& day) {
    switch (day.status) {
        case DayStatus::Holiday: return "holiday";
        case DayStatus::HalfTerm: return "half term (" + day.term->name + ")";
        case DayStatus::Closed: return day.closure->name;
        case DayStatus::NoSchool: return "no school";
        case DayStatus::SchoolDay: return "school day (" + day.schedule->name + ")";
    }
    return "";  // unreachable, as in holds()
}

}  // namespace schoolgate::config::timetable
