#include "config/policy/decide.h"

#include <algorithm>

namespace schoolgate::config {

namespace {

constexpr std::string_view kDefaultReason = "No rule in the school's policy matched this connection.";
using model::ExemptionSubjectKind;

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return !name.empty() && std::find(names.begin(), names.end(), name) != names.end();
}

bool who_matches(const model::WhoModel& who, const Subject& subject) {
    if (who.roles.empty() && who.users.empty() && who.networks.empty()) return true;
    return contains(who.roles, subject.role) || contains(who.users, subject.user) || contains(who.networks, subject.network);
}

bool when_matches(const CompiledRule& rule, const timetable::SchoolMoment& moment) {
    auto holds = [&](timetable::Condition c) { return timetable::CompiledTimetable::holds(c, moment); };
    return std::all_of(rule.when_all.begin(), rule.when_all.end(), holds) &&
           (rule.when_any.empty() || std::any_of(rule.when_any.begin(), rule.when_any.end(), holds));
}

bool exemption_covers(const CompiledExemption& e, const Subject& subject, classifiers::ServiceId service, WallTime at,
                      const timetable::SchoolMoment& moment) {
    if (at < e.from || at >= e.until || !e.services.contains(service)) return false;
    const auto& w = e.written;
    bool subject_matches = false;
    switch (w.subject_kind) {
        case ExemptionSubjectKind::User: subject_matches = w.subject == subject.user; break;
        case ExemptionSubjectKind::Device: subject_matches = w.subject == subject.device; break;
        case ExemptionSubjectKind::Role: subject_matches = w.subject == subject.role; break;
        case ExemptionSubjectKind::Network: subject_matches = w.subject == subject.network; break;
    }
    if (!subject_matches) return false;
    return w.periods.empty() || (moment.period && contains(w.periods, moment.period->name));
}

std::string join(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

std::string why_not(const CompiledRule& rule, const Subject& subject, classifiers::ServiceId service,
                    const timetable::SchoolMoment& moment) {
    if (!who_matches(rule.who, subject)) {
        return "applies to " + join(rule.who.roles) + (rule.who.users.empty() ? "" : " users " + join(rule.who.users)) +
               (rule.who.networks.empty() ? "" : " networks " + join(rule.who.networks)) + ", not " + subject.role +
               (subject.user.empty() ? "" : " (" + subject.user + ")");
    }
    if (!rule.services.contains(service)) return "does not cover this service";
    std::string conditions;
    for (auto c : rule.when_all) conditions += (conditions.empty() ? "" : " and ") + std::string{timetable::condition_name(c)};
    for (auto c : rule.when_any) conditions += (conditions.empty() ? "" : " or ") + std::string{timetable::condition_name(c)};
    return "only when " + conditions + "; it is " + timetable::CompiledTimetable::describe(moment);
}

}  // namespace

std::string period_label(const timetable::SchoolMoment& moment) {
    if (!moment.period) return {};
    return moment.period->name + " (" + std::string{timetable::period_kind_name(moment.period->kind)} + ")";
}

Decision decide(const CompiledPolicy& policy, const Subject& subject, const classifiers::Observations& observations,
                WallTime at, std::vector<RuleMiss>* misses) {
    Decision decision;
    decision.moment = policy.moment(at);
    const auto service = observations.service;
    for (const auto& exemption : policy.exemptions()) {
        if (!exemption_covers(exemption, subject, service, at, decision.moment)) continue;
        decision.action = model::Action::Allow;
        decision.rule = exemption.written.id;
        decision.reason = exemption.written.reason;
        decision.exemption = &exemption;
        return decision;
    }
    // Rules are service-scoped: a flow that is not a listed service only meets the default.
    for (const auto& rule : policy.rules()) {
        if (service != classifiers::kNoService && who_matches(rule.who, subject) && rule.services.contains(service) &&
            when_matches(rule, decision.moment)) {
            decision.action = rule.action;
            decision.rule = rule.name;
            decision.reason = rule.reason;
            return decision;
        }
        if (misses) misses->push_back({rule.name, service == classifiers::kNoService ? "not a listed service"
                                                                                      : why_not(rule, subject, service, decision.moment)});
    }
    decision.action = policy.default_action();
    decision.rule = kDefaultRuleName;
    decision.reason = kDefaultReason;
    return decision;
}

}  // namespace schoolgate::config
