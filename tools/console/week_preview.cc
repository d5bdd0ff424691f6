#include "tools/console/week_preview.h"

#include <algorithm>
#include <cstdio>

#include "config/policy/compiled_policy.h"
#include "gateway/policy/flow_assessment.h"

namespace schoolgate::tools::console {

namespace {

namespace tt = config::timetable;

std::string hhmm(std::chrono::minutes m) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(m.count() / 60), static_cast<int>(m.count() % 60));
    return text;
}

std::vector<std::string> rule_roles(const config::CompiledPolicy& policy) {
    std::vector<std::string> roles;
    for (const auto& rule : policy.rules()) {
        for (const auto& role : rule.who.roles) {
            if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
        }
    }
    return roles;
}

std::vector<classifiers::ServiceId> rule_services(const config::CompiledPolicy& policy) {
    std::vector<classifiers::ServiceId> ids;
    for (const auto& rule : policy.rules()) {
        for (std::size_t id = 0; id < rule.services.ids.size(); ++id) {
            const auto service = static_cast<classifiers::ServiceId>(id);
            if (rule.services.ids[id] && std::find(ids.begin(), ids.end(), service) == ids.end()) ids.push_back(service);
        }
    }
    return ids;
}

// What happens to each service for `role` at `at`: the services grouped by verdict, allowed ones last.
std::string verdicts(const gateway::policy::PolicySnapshot& snapshot, const std::string& role,
                     const std::vector<classifiers::ServiceId>& services, WallTime at) {
    std::string blocked;
    std::string monitored;
    for (const auto id : services) {
        gateway::policy::FlowQuestion question;
        question.subject.role = role;
        question.at = at;
        question.named_service = id;
        classifiers::Observations observations;
        const auto assessment = gateway::policy::assess_flow(snapshot, question, observations);
        const std::string name{snapshot.policy->catalogue().name(id)};
        if (assessment.decision.action == config::model::Action::Allow) continue;
        auto& into = assessment.decision.action == config::model::Action::Block ? blocked : monitored;
        into += (into.empty() ? "" : ", ") + name;
    }
    std::string out;
    if (!blocked.empty()) out = "blocked: " + blocked;
    if (!monitored.empty()) out += (out.empty() ? "" : "; ") + std::string{"monitored: "} + monitored;
    return out.empty() ? "allowed" : out;
}

std::string kind_of(const tt::DayView& day, bool special) {
    switch (day.status) {
        case tt::DayStatus::Holiday: return "holiday";
        case tt::DayStatus::HalfTerm: return "half term";
        case tt::DayStatus::Closed: return day.closure && day.closure->kind == tt::ClosureKind::Inset ? "INSET day" : "closure";
        case tt::DayStatus::NoSchool: return "weekend";
        case tt::DayStatus::SchoolDay: return special ? "special day" : "term day";
    }
    return "holiday";
}

PeriodPreview period_row(const gateway::policy::PolicySnapshot& snapshot, const WeekPreview& week,
                         const std::vector<classifiers::ServiceId>& services, const std::string& date, std::string name,
                         std::chrono::minutes start, std::string time) {
    PeriodPreview row{std::move(name), std::move(time), {}};
    const auto at = snapshot.policy->parse_local_time(date + "T" + hhmm(start));
    for (const auto& role : week.roles) row.per_role.push_back(at ? verdicts(snapshot, role, services, *at) : "(no such local time)");
    return row;
}

}  // namespace

WeekPreview week_preview(const gateway::policy::PolicySnapshot& snapshot, date::year_month_day day,
                         const std::vector<std::string>& special_dates) {
    const auto& policy = *snapshot.policy;
    WeekPreview week;
    week.roles = rule_roles(policy);
    const auto services = rule_services(policy);
    for (const auto id : services) week.services.emplace_back(policy.catalogue().name(id));
    for (const auto& view : policy.timetable().week_of(day)) {
        DayPreview preview;
        preview.date = date::format("%F", view.day);
        preview.weekday = date::format("%A", view.weekday);
        const bool special = std::find(special_dates.begin(), special_dates.end(), preview.date) != special_dates.end();
        preview.kind = kind_of(view, special);
        preview.detail = tt::CompiledTimetable::describe(view);
        if (view.schedule) {
            for (const auto& p : view.schedule->periods) {
                const std::string label = p.name + " (" + std::string{tt::period_kind_name(p.kind)} + ")";
                preview.periods.push_back(
                    period_row(snapshot, week, services, preview.date, label, p.start, hhmm(p.start) + "-" + hhmm(p.end)));
            }
        } else {
            preview.periods.push_back(
                period_row(snapshot, week, services, preview.date, "all day", std::chrono::hours{12}, "checked at 12:00"));
        }
        week.days.push_back(std::move(preview));
    }
    return week;
}

}  // namespace schoolgate::tools::console
