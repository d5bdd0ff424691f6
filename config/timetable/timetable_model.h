#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace schoolgate::config::timetable {

/// One value as written in the policy file, with its 1-based line and column (0 when unknown), so the
/// compile step can point at it. Kept as text: compile_timetable() parses and checks it, so there is one
/// place that decides what a valid time or date is.
struct Written {
    std::string text;
    int line = 0;
    int column = 0;
};

/// One entry of a day schedule: `{name: P1, start: "09:00", end: "10:00", kind: lesson}`.
struct PeriodModel {
    Written name;
    Written start;  ///< "HH:MM", 24-hour
    Written end;
    Written kind;   ///< lesson, break, lunch, registration, before_school, after_school, other
    Written at;     ///< the period itself (text unused)
};

/// A named day schedule under `timetable.days`.
struct DayModel {
    Written name;
    std::vector<PeriodModel> periods;
};

/// Which day schedule each weekday follows; index 0 is Monday, 6 is Sunday. An empty slot is a day
/// without school (the weekend, usually).
struct WeekModel {
    std::array<std::optional<Written>, 7> days;
    Written at;
};

struct HalfTermModel {
    Written start;  ///< "YYYY-MM-DD", inclusive
    Written end;    ///< inclusive
    Written at;
};

struct TermModel {
    Written name;
    Written start;  ///< inclusive
    Written end;    ///< inclusive
    std::vector<HalfTermModel> half_terms;
    Written at;
};

/// A day (or, with `until`, days) in term without school: an INSET day or an unplanned closure.
struct ClosureModel {
    Written date;
    std::optional<Written> until;  ///< inclusive last day; absent for a single day
    std::optional<Written> name;   ///< absent: "INSET day" or "school closed" after the kind
    Written kind;                  ///< inset | closure
    Written at;
};

/// A one-off date that follows another day schedule (an early finish on the last day of term).
struct SpecialDayModel {
    Written date;
    Written day;  ///< a name under `timetable.days`
    Written at;
};

/// The `timetable:` section as written: plain data, shape-checked by the YAML reader only. Either one
/// week (`week:`) or a cycle of weeks (`weeks:` with `starts`), told apart by `cycle_starts`.
struct TimetableModel {
    std::string file;
    Written at;
    Written school_start;  ///< `school_hours.start`
    Written school_end;
    std::vector<DayModel> days;
    std::vector<WeekModel> weeks;        ///< one for `week:`; Week A, Week B, ... for `weeks.cycle`
    std::optional<Written> cycle_starts; ///< `weeks.starts`: the week containing this date is weeks[0]
    std::vector<TermModel> terms;
    std::vector<ClosureModel> closures;
    std::vector<SpecialDayModel> special_days;
};

}  // namespace schoolgate::config::timetable
