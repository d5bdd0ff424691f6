#include "config/timetable/timetable_types.h"

#include <algorithm>

namespace schoolgate::config::timetable {

namespace {

// Indexed by the enumerators' order; these are the words a policy file uses, so they never change.
const std::vector<std::string_view> kPeriodKindNames = {"lesson",       "break",        "lunch", "registration",
                                                        "before_school", "after_school", "other"};
const std::vector<std::string_view> kConditionNames = {"lesson", "break",   "lunch",   "registration", "school_hours",
                                                       "outside_school_hours", "term", "holiday", "always"};

std::optional<std::size_t> index_of(const std::vector<std::string_view>& names, std::string_view name) noexcept {
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) return std::nullopt;
    return static_cast<std::size_t>(found - names.begin());
}

}  // namespace

std::string_view period_kind_name(PeriodKind kind) noexcept {
    return kPeriodKindNames[static_cast<std::size_t>(kind)];
}

std::optional<PeriodKind> period_kind_from_name(std::string_view name) noexcept {
    if (const auto index = index_of(kPeriodKindNames, name)) return static_cast<PeriodKind>(*index);
    return std::nullopt;
}

const std::vector<std::string_view>& period_kind_names() { return kPeriodKindNames; }

std::string_view condition_name(Condition condition) noexcept {
    return kConditionNames[static_cast<std::size_t>(condition)];
}

std::optional<Condition> condition_from_name(std::string_view name) noexcept {
    if (const auto index = index_of(kConditionNames, name)) return static_cast<Condition>(*index);
    return std::nullopt;
}

const std::vector<std::string_view>& condition_names() { return kConditionNames; }

}  // namespace schoolgate::config::timetable
