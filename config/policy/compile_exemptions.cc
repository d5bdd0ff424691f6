#include <algorithm>
#include <chrono>
#include <set>

#include "config/policy/compile_steps.h"
#include "config/suggest.h"

namespace schoolgate::config::detail {

namespace {

using model::ExemptionSubjectKind;

model::SourceMark mark_of(const model::ExemptionModel& e) { return {e.file, e.line, e.column}; }

// A bare date as `until` means "to the end of that day"; with a time, that instant.
std::optional<WallTime> end_instant(const CompiledPolicy& policy, const std::string& text) {
    const auto instant = policy.parse_local_time(text);
    if (!instant || text.find('T') != std::string::npos || text.find(' ') != std::string::npos) return instant;
    const auto next_day = policy.parse_local_time(text + "T23:59:59");
    if (!next_day) return std::nullopt;
    return *next_day + std::chrono::seconds{1};
}

bool subject_exists(const model::ExemptionModel& e, const SubjectIndex& subjects) {
    switch (e.subject_kind) {
        case ExemptionSubjectKind::User: return subjects.users().count(e.subject) > 0;
        case ExemptionSubjectKind::Device: return subjects.device(e.subject) != nullptr;
        case ExemptionSubjectKind::Role: return subjects.has_role(e.subject);
        case ExemptionSubjectKind::Network:
            return std::any_of(subjects.networks().begin(), subjects.networks().end(),
                               [&](const auto& n) { return n.name == e.subject; });
    }
    return false;
}

bool period_exists(const std::string& name, const timetable::CompiledTimetable& timetable) {
    return std::any_of(timetable.days().begin(), timetable.days().end(), [&](const timetable::DaySchedule& day) {
        return std::any_of(day.periods.begin(), day.periods.end(), [&](const auto& p) { return p.name == name; });
    });
}

void check_people(const model::ExemptionModel& e, const std::string& path, const CompiledPolicy& policy, ConfigErrors& errors) {
    if (!subject_exists(e, policy.subjects())) {
        errors.push_back(error_at(mark_of(e), path + ".who", "'" + e.subject + "' is not a known user, device, role or "
                                                             "network of that kind (check the name in the policy)"));
    }
    const auto approver = policy.subjects().users().find(e.approved_by);
    if (!e.approved_by.empty() && (approver == policy.subjects().users().end() || approver->second.role != "headteacher")) {
        errors.push_back(error_at(mark_of(e), path + ".approved_by",
                                  "'" + e.approved_by + "' is not a user with the headteacher role (exemptions are "
                                  "approved by the headteacher; use their user id)"));
    }
    for (const auto& period : e.periods) {
        if (!period_exists(period, policy.timetable())) {
            errors.push_back(error_at(mark_of(e), path + ".periods", "unknown period '" + period +
                                                                     "' (use a period name from the timetable, e.g. P1)"));
        }
    }
}

void check_window(CompiledExemption& compiled, const std::string& path, const CompiledPolicy& policy, ConfigErrors& errors) {
    const auto& e = compiled.written;
    const auto from = e.from_text.empty() ? std::optional<WallTime>{WallTime{}} : policy.parse_local_time(e.from_text);
    const auto until = e.until_text.empty() ? std::nullopt : end_instant(policy, e.until_text);
    if (!from) errors.push_back(error_at(mark_of(e), path + ".from", "'" + e.from_text + "' is not a date (write it as 2026-09-01)"));
    if (!e.until_text.empty() && !until) {
        errors.push_back(error_at(mark_of(e), path + ".until", "'" + e.until_text + "' is not a date (write it as 2027-07-31)"));
    }
    if (from && until && *until <= *from) {
        errors.push_back(error_at(mark_of(e), path + ".until", "ends (" + e.until_text + ") before it starts (" + e.from_text +
                                                               ") (put the end after the start)"));
    }
    if (from) compiled.from = *from;
    if (until) compiled.until = *until;
}

}  // namespace

std::vector<CompiledExemption> compile_exemptions(const model::PolicyModel& model, const CompiledPolicy& policy,
                                                  const ServiceNames& services, ConfigErrors& errors) {
    std::vector<CompiledExemption> exemptions;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < model.exemptions.size(); ++i) {
        const auto& e = model.exemptions[i];
        const std::string path = "exemptions[" + std::to_string(i) + "]";
        CompiledExemption compiled{e, {}, {}, {}};
        if (!e.id.empty() && !ids.insert(e.id).second) {
            errors.push_back(error_at(mark_of(e), path + ".id", "id '" + e.id + "' is used twice (give each exemption its own id)"));
        }
        compiled.services = resolve_services(e.services, {}, mark_of(e), path + ".services", services, errors);
        check_people(e, path, policy, errors);
        check_window(compiled, path, policy, errors);
        exemptions.push_back(std::move(compiled));
    }
    return exemptions;
}

}  // namespace schoolgate::config::detail
