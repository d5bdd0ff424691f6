#include "tools/console/governor_copy.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace schoolgate::tools::console {
namespace {

// Actions whose "what" names no one: written by the console from counters, dates and fixed words, or about a
// console account (staff who run the console, whom the governor may know by name).
constexpr std::array<std::string_view, 9> kPlainWhat{
    "login", "login_failed", "login_throttled", "logout", "password_changed", "account_added", "review_check_recorded",
    "incident_action_recorded", "failed"};

// "request 7", "request 7 as console-7", "console-7": numbers the console gave; anything else was typed.
bool console_numbered(const std::string& what) {
    constexpr std::string_view request = "request ";
    if (console_made_id(what)) return true;
    if (!what.starts_with(request)) return false;
    const auto digits_end = std::find_if(what.begin() + request.size(), what.end(), [](char c) { return c < '0' || c > '9'; });
    if (digits_end == what.begin() + request.size()) return false;
    const std::string rest{digits_end, what.end()};
    return rest.empty() || (rest.starts_with(" as ") && console_made_id(rest.substr(4)));
}

}  // namespace

bool console_made_id(const std::string& id) {
    return id.size() > 8 && id.starts_with("console-") && std::all_of(id.begin() + 8, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const std::string& ExemptionIdCover::operator()(const std::string& id) {
    if (console_made_id(id)) return renamed_.try_emplace(id, id).first->second;
    const auto found = renamed_.find(id);
    if (found != renamed_.end()) return found->second;
    const auto covers = std::count_if(renamed_.begin(), renamed_.end(), [](const auto& entry) { return !console_made_id(entry.first); });
    return renamed_.emplace(id, "exemption " + std::to_string(covers + 1)).first->second;
}

std::string subject_for_governor(const config::SubjectIndex& subjects, config::model::ExemptionSubjectKind kind,
                                 const std::string& subject) {
    using Kind = config::model::ExemptionSubjectKind;
    if (kind == Kind::Role) return "role " + subject;
    if (kind == Kind::Network) return "network " + subject;
    if (kind == Kind::Device) return "a device";
    const auto user = subjects.users().find(subject);
    return user == subjects.users().end() ? std::string{"a person"} : "a person with the role " + user->second.role;
}

std::string what_for_governor(const AuditRecord& record) {
    for (const auto action : kPlainWhat) {
        if (record.action == action) return record.what;
    }
    if (record.action.starts_with("timetable_")) return record.what;  // a term, a day or a bell: the school's calendar
    if (record.action.starts_with("exemption_")) return console_numbered(record.what) ? record.what : "an exemption";
    if (record.action == "refused") return record.what.substr(0, record.what.find(' ')) + " (a page or form)";
    return "(shown to the headteacher and the dsl)";
}

}  // namespace schoolgate::tools::console
