#include <algorithm>

#include "config/timetable/compiled_timetable.h"

// The calendar views behind `schoolgate timetable --week` and `schoolgate check`.
namespace schoolgate::config::timetable {

std::vector<DayView> CompiledTimetable::week_of(date::year_month_day date) const {
    const date::local_days given{date};
    const date::local_days monday = given - (date::weekday{given} - date::Monday);
    std::vector<DayView> week;
    for (int offset = 0; offset < 7; ++offset) week.push_back(day(monday + date::days{offset}));
    return week;
}

const Term* CompiledTimetable::current_or_next_term(date::local_days day) const noexcept {
    // Sorted and disjoint, so the last days are sorted too.
    const auto& terms = data_.terms;
    const auto found =
        std::lower_bound(terms.begin(), terms.end(), day, [](const Term& t, date::local_days d) { return t.last < d; });
    return found == terms.end() ? nullptr : &*found;
}

std::optional<Holiday> CompiledTimetable::next_holiday(date::local_days day) const {
    // Of the holidays not yet over, the one starting first: one containing `day` starts on or before it,
    // every other one after it.
    std::optional<Holiday> best;
    const auto consider = [&](Holiday holiday) {
        if (holiday.last && *holiday.last < day) return;
        if (!best || holiday.first < best->first) best = std::move(holiday);
    };
    const auto& terms = data_.terms;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        for (const auto& half : terms[i].half_terms) consider({"half term (" + terms[i].name + ")", half.first, half.last});
        const date::local_days after = terms[i].last + date::days{1};
        if (i + 1 == terms.size()) {
            consider({"holiday after " + terms[i].name, after, std::nullopt});
        } else if (after < terms[i + 1].first) {
            consider({"holiday after " + terms[i].name, after, terms[i + 1].first - date::days{1}});
        }
    }
    for (const auto& closure : data_.closures) consider({closure.name, closure.first, closure.last});
    return best;
}

}  // namespace schoolgate::config::timetable
