#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace schoolgate::config::timetable {

/// Local civil time at microsecond resolution (what WallTime becomes in the school's zone). Coarser
/// local times (date::local_seconds, date::local_minutes) convert to it implicitly.
using LocalMoment = date::local_time<std::chrono::microseconds>;

enum class PeriodKind { Lesson, Break, Lunch, Registration, BeforeSchool, AfterSchool, Other };

/// "lesson", "break", "lunch", "registration", "before_school", "after_school", "other".
std::string_view period_kind_name(PeriodKind kind) noexcept;
std::optional<PeriodKind> period_kind_from_name(std::string_view name) noexcept;
/// The names above, in order, for did-you-mean hints.
const std::vector<std::string_view>& period_kind_names();

/// What a rule's `when:` may name. Evaluated by CompiledTimetable::holds().
enum class Condition { Lesson, Break, Lunch, Registration, SchoolHours, OutsideSchoolHours, Term, Holiday, Always };

/// "lesson", "break", "lunch", "registration", "school_hours", "outside_school_hours", "term", "holiday",
/// "always"; std::nullopt for anything else.
std::optional<Condition> condition_from_name(std::string_view name) noexcept;
std::string_view condition_name(Condition condition) noexcept;
const std::vector<std::string_view>& condition_names();

/// A period covers [start, end): it includes its first minute and excludes its end, so with P1
/// 09:00-10:00 and P2 10:00-11:00, 09:59:59 is P1 and 10:00:00 is P2. Times are minutes after local
/// midnight.
struct Period {
    std::string name;
    PeriodKind kind = PeriodKind::Other;
    std::chrono::minutes start{0};
    std::chrono::minutes end{0};
};

/// A named day schedule; periods sorted by start and never overlapping (compile checks both).
struct DaySchedule {
    std::string name;
    std::vector<Period> periods;
};

/// Dates are inclusive at both ends.
struct HalfTerm {
    date::local_days first;
    date::local_days last;
};

struct Term {
    std::string name;
    date::local_days first;
    date::local_days last;
    std::vector<HalfTerm> half_terms;  ///< inside [first, last]
};

enum class ClosureKind { Inset, Closure };

struct Closure {
    std::string name;  ///< "INSET day"
    ClosureKind kind = ClosureKind::Inset;
    date::local_days first;
    date::local_days last;  ///< inclusive; == first for one day
};

/// Why a day has or has no school, in order of precedence.
enum class DayStatus {
    Holiday,   ///< outside every term
    HalfTerm,  ///< in a term's half term
    Closed,    ///< an INSET day or closure in term
    NoSchool,  ///< in term, but the weekday has no schedule (the weekend)
    SchoolDay, ///< in term with a schedule
};

/// What the timetable says about one local date. Pointers point into the CompiledTimetable that made
/// the view and are valid as long as it is.
struct DayView {
    date::local_days day;
    date::weekday weekday;
    DayStatus status = DayStatus::Holiday;
    const Term* term = nullptr;          ///< the term containing the day (half term included)
    bool half_term = false;
    const Closure* closure = nullptr;    ///< set only when the closure is in force that day
    const DaySchedule* schedule = nullptr;  ///< set only on school days
    bool school_day() const noexcept { return status == DayStatus::SchoolDay; }
};

/// What the timetable says about one local instant. Pointers as for DayView.
struct SchoolMoment {
    date::local_days day;
    date::weekday weekday;
    std::chrono::minutes time_of_day{0};  ///< floored: boundaries are whole minutes, so this is exact
    const Term* term = nullptr;
    bool half_term = false;
    const Closure* closure = nullptr;
    bool school_day = false;  ///< in term, not half term, not closed, and the weekday has a schedule
    const DaySchedule* schedule = nullptr;
    const Period* period = nullptr;  ///< nullptr between periods and on days without school
    bool in_school_hours = false;    ///< school_day and within school_hours [start, end)
};

/// A stretch without school, for `schoolgate check`: a half term, a closure, or the gap between terms.
struct Holiday {
    std::string name;  ///< "Autumn term half term", "INSET day", "holiday after Autumn term"
    date::local_days first;
    std::optional<date::local_days> last;  ///< std::nullopt after the last term: its end is not known yet
};

/// Everything compile_timetable() builds; read through CompiledTimetable.
struct TimetableData {
    static constexpr std::size_t kNoSchedule = static_cast<std::size_t>(-1);
    using Week = std::array<std::size_t, 7>;  ///< Monday..Sunday -> index into days, or kNoSchedule

    std::chrono::minutes school_start{0};
    std::chrono::minutes school_end{0};
    std::vector<DaySchedule> days;
    std::vector<Week> weeks;               ///< one, or the Week A/B/... cycle
    date::local_days cycle_monday;         ///< the Monday of the week that follows weeks[0]
    std::vector<Term> terms;               ///< sorted by first, never overlapping
    std::vector<Closure> closures;
    std::map<date::local_days, std::size_t> special_days;  ///< date -> index into days
};

}  // namespace schoolgate::config::timetable
