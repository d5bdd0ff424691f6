#include <algorithm>
#include <chrono>
#include <set>

#include "config/policy/compile_steps.h"
#include "config/suggest.h"

namespace schoolgate::config::detail {

namespace {

using model::ExemptionSubjectKind;

model::SourceMark mark_of(const model::ExemptionModel& e) { return {e.file, e.line, e.column}; }

// A bare date as `until` means "to the end of that day"; with a time, that instant. A time the clocks skip
// or repeat is refused (read_local_time's message), so an exemption never starts or ends an hour away
// from what the headteacher approved.
Result<WallTime, LocalTimeRefusal> end_instant(const CompiledPolicy& policy, const std::string& text) {
    auto instant = policy.read_local_time(text);
    if (!instant.ok() || text.find('T') != std::string::npos || text.find(' ') != std::string::npos) return instant;
    auto last_second = policy.read_local_time(text + "T23:59:59");
    if (!last_second.ok()) return last_second;
    return Result<WallTime, LocalTimeRefusal>::success(last_second.value() + std::chrono::seconds{1});
}

// The names an exemption's `who` may give for its kind of subject, for did-you-mean.
std::vector<std::string_view> subject_names(model::ExemptionSubjectKind kind, const SubjectIndex& subjects) {
    std::vector<std::string_view> names;
    switch (kind) {
        case ExemptionSubjectKind::User:
            for (const auto& [id, user] : subjects.users()) names.push_back(id);
            break;
        case ExemptionSubjectKind::Device:
            for (const auto& device : subjects.devices()) names.push_back(device.name);
            break;
        case ExemptionSubjectKind::Role:
            for (const auto& role : subjects.roles()) names.push_back(role);
            break;
        case ExemptionSubjectKind::Network:
            for (const auto& network : subjects.networks()) names.push_back(network.name);
            break;
    }
    return names;
}

// This school's period names, each once, in timetable order.
std::vector<std::string_view> period_names(const timetable::CompiledTimetable& timetable) {
    std::vector<std::string_view> names;
    for (const auto& day : timetable.days()) {
        for (const auto& period : day.periods) {
            if (std::find(names.begin(), names.end(), period.name) == names.end()) names.push_back(period.name);
        }
    }
    return names;
}

std::vector<std::string_view> headteacher_ids(const SubjectIndex& subjects) {
    std::vector<std::string_view> ids;
    for (const auto& [id, user] : subjects.users()) {
        if (user.role == "headteacher") ids.push_back(id);
    }
    return ids;
}

// "add approved_by: head" with this school's own headteachers, or how to get one.
std::string approver_fix(const std::vector<std::string_view>& heads) {
    if (heads.empty()) return "no user has the headteacher role: add the headteacher under users: with role: headteacher";
    return "add approved_by: " + one_of(heads) + (heads.size() == 1 ? ", the headteacher's user id" : ", a headteacher's user id");
}

void check_people(const model::ExemptionModel& e, const std::string& path, const CompiledPolicy& policy, ConfigErrors& errors) {
    const auto& subjects = policy.subjects();
    const auto names = subject_names(e.subject_kind, subjects);
    if (std::find(names.begin(), names.end(), e.subject) == names.end()) {
        errors.push_back(error_at(mark_of(e), path + ".who", "'" + e.subject + "' is not a known user, device, role or "
                                                             "network of that kind (" + did_you_mean(e.subject, names) +
                                                             "check the name in the policy)"));
    }
    const auto heads = headteacher_ids(subjects);
    if (e.approver_missing) {
        errors.push_back(error_at(mark_of(e), path + ".approved_by",
                                  "is missing: every exemption needs the approver (" + approver_fix(heads) + ")"));
    } else if (!e.approved_by.empty() && std::find(heads.begin(), heads.end(), e.approved_by) == heads.end()) {
        const std::string fix = heads.empty() ? approver_fix(heads)
                                              : "exemptions are approved by " +
                                                    std::string{heads.size() == 1 ? "the headteacher: " : "a headteacher: "} +
                                                    one_of(heads);
        errors.push_back(error_at(mark_of(e), path + ".approved_by",
                                  "'" + e.approved_by + "' is not a user with the headteacher role (" +
                                      did_you_mean(e.approved_by, heads) + fix + ")"));
    }
    const auto periods = period_names(policy.timetable());
    for (const auto& period : e.periods) {
        if (std::find(periods.begin(), periods.end(), period) != periods.end()) continue;
        const std::string fix = periods.empty() ? "this school's timetable has no periods: leave periods: out"
                                                : "the timetable's periods are " + one_of(periods, 12);
        errors.push_back(error_at(mark_of(e), path + ".periods", "unknown period '" + period + "' (" +
                                                                 did_you_mean(period, periods) + fix + ")"));
    }
}

// "'TEXT' is not a date (write it as EXAMPLE)" or "'TEXT': that time does not exist ... (the choices)".
std::string time_problem(const std::string& text, const LocalTimeRefusal& refusal, const char* example) {
    if (refusal.malformed) return "'" + text + "' is not a date (write it as " + example + ")";
    return "'" + text + "': " + refusal.message;
}

void check_window(CompiledExemption& compiled, const std::string& path, const CompiledPolicy& policy, ConfigErrors& errors) {
    const auto& e = compiled.written;
    using Read = Result<WallTime, LocalTimeRefusal>;
    const Read from = e.from_text.empty() ? Read::success(WallTime{}) : policy.read_local_time(e.from_text);
    const Read until = e.until_text.empty() ? Read::failure({}) : end_instant(policy, e.until_text);
    if (!from.ok()) errors.push_back(error_at(mark_of(e), path + ".from", time_problem(e.from_text, from.error(), "2026-09-01")));
    if (!e.until_text.empty() && !until.ok()) {
        errors.push_back(error_at(mark_of(e), path + ".until", time_problem(e.until_text, until.error(), "2027-07-31")));
    }
    if (from.ok() && until.ok() && until.value() <= from.value()) {
        errors.push_back(error_at(mark_of(e), path + ".until", "ends (" + e.until_text + ") before it starts (" + e.from_text +
                                                               ") (put the end after the start)"));
    }
    if (from.ok()) compiled.from = from.value();
    if (until.ok()) compiled.until = until.value();
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
