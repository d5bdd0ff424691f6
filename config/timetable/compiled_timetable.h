#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/config_error.h"
#include "config/timetable/timetable_model.h"
#include "config/timetable/timetable_types.h"

namespace schoolgate::config::timetable {

/// A validated school timetable: day schedules, the weekly (or Week A/B) pattern, terms with half terms,
/// closures and special days. It answers questions about *local civil time* in the school's zone; callers
/// convert UTC first (to_local() in local_moment.h). It never reads a clock.
///
/// Immutable after compile_timetable(): only const members, safe to share between threads. The pointers
/// in the views it returns point into it and live as long as this object (not a copy of it).
class CompiledTimetable {
public:
    /// An empty timetable: no terms, so every day is a holiday and it is never school hours.
    CompiledTimetable() = default;

    /// What the timetable says about a local instant.
    SchoolMoment at(LocalMoment local) const;
    /// What the timetable says about a local date.
    DayView day(date::local_days day) const;

    /// Whether `condition` holds at `moment`:
    /// Lesson/Break/Lunch/Registration: inside a period of that kind; SchoolHours: in_school_hours;
    /// OutsideSchoolHours: its negation; Term: in a term and not its half term (weekends and closures in
    /// term count); Holiday: outside every term, in half term, or on a closure (weekends in term do not
    /// count); Always: true.
    static bool holds(Condition condition, const SchoolMoment& moment) noexcept;

    /// One line for people: "Monday P2 (lesson), Autumn term", "Saturday, Autumn term",
    /// "Tuesday, half term (Autumn term)", "Friday, INSET day", "Thursday 25 December, holiday".
    static std::string describe(const SchoolMoment& moment);
    /// "school day (standard)", "no school (weekend)", "half term (Autumn term)", "INSET day", "holiday".
    static std::string describe(const DayView& day);

    /// Monday to Sunday of the week containing `date`, for `schoolgate timetable --week DATE`.
    std::vector<DayView> week_of(date::year_month_day date) const;
    /// The term containing `day` (half term included), else the next one; nullptr after the last term.
    const Term* current_or_next_term(date::local_days day) const noexcept;
    /// The holiday containing `day`, else the next to start; std::nullopt when none is known.
    std::optional<Holiday> next_holiday(date::local_days day) const;

    std::chrono::minutes school_start() const noexcept { return data_.school_start; }
    std::chrono::minutes school_end() const noexcept { return data_.school_end; }
    const std::vector<DaySchedule>& days() const noexcept { return data_.days; }
    const std::vector<Term>& terms() const noexcept { return data_.terms; }
    const std::vector<Closure>& closures() const noexcept { return data_.closures; }

private:
    friend Result<CompiledTimetable, ConfigErrors> compile_timetable(const TimetableModel& model);
    explicit CompiledTimetable(TimetableData data) : data_(std::move(data)) {}

    const Term* term_containing(date::local_days day) const noexcept;
    const DaySchedule* scheduled(date::local_days day, date::weekday weekday) const noexcept;

    TimetableData data_;
};

/// Validates the model and builds the timetable, reporting every mistake at once, each located at the
/// value to fix: malformed times and dates, periods that end before they start, overlap or share a name,
/// unknown period kinds, day schedules and closure kinds (with a did-you-mean), overlapping terms, half
/// terms outside their term, closures and special days outside every term, school hours that end before
/// they start.
Result<CompiledTimetable, ConfigErrors> compile_timetable(const TimetableModel& model);

}  // namespace schoolgate::config::timetable
