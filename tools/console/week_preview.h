#pragma once

#include <string>
#include <vector>

#include <date/date.h>

#include "gateway/policy/policy_snapshot.h"

namespace schoolgate::tools::console {

/// One period of a day (or "all day" on a day without school) and, per role, what the policy does to its
/// services then: "blocked: facebook, instagram, x" or "allowed".
struct PeriodPreview {
    std::string name;  ///< "P1 (lesson)", or "all day" on a day without school
    std::string time;  ///< "09:00-10:00", or "checked at 12:00"
    std::vector<std::string> per_role;  ///< in WeekPreview::roles' order
};

struct DayPreview {
    std::string date;     ///< "2026-11-27"
    std::string weekday;  ///< "Friday"
    std::string kind;     ///< "term day", "half term", "INSET day", "closure", "special day", "weekend", "holiday"
    std::string detail;   ///< the timetable's words: "school day (standard), Autumn term", "INSET day"
    std::vector<PeriodPreview> periods;
};

struct WeekPreview {
    std::vector<std::string> roles;     ///< the roles the policy's rules name
    std::vector<std::string> services;  ///< the services its rules name (by name)
    std::vector<DayPreview> days;       ///< Monday to Sunday
};

/// Monday to Sunday of the week holding `day`: what each day is and, at the start of each period (midday on
/// a day without school), the decision for each role and service, made by gateway::policy::assess_flow, the
/// engine's and `explain`'s one decision path (a flow naming the service, as `explain --service` asks it).
/// `special_dates` ("YYYY-MM-DD") are the timetable's special days, shown as such.
WeekPreview week_preview(const gateway::policy::PolicySnapshot& snapshot, date::year_month_day day,
                         const std::vector<std::string>& special_dates);

}  // namespace schoolgate::tools::console
