#include "tools/console/annual_review.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "tools/common/policy_loading.h"
#include "tools/console/daemon_status.h"
#include "tools/console/governor_copy.h"
#include "tools/console/html.h"
#include "tools/console/secrets.h"
#include "tools/report/technique_names.h"

namespace schoolgate::tools::console {

namespace {

std::int64_t seconds(WallTime t) { return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count(); }

std::optional<std::int64_t> september_first(const config::CompiledPolicy& policy, int year) {
    const auto at = policy.parse_local_time(std::to_string(year) + "-09-01");
    if (!at) return std::nullopt;
    return seconds(*at);
}

std::optional<int> year_named(const std::string& text) {
    int first = 0;
    int second = 0;
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    const auto a = std::from_chars(text.data(), text.data() + 4, first);
    const auto b = std::from_chars(text.data() + 5, text.data() + 7, second);
    if (a.ec != std::errc{} || a.ptr != text.data() + 4 || b.ec != std::errc{} || b.ptr != text.data() + 7) return std::nullopt;
    if (first < 2000 || first > 2098 || second != (first + 1) % 100) return std::nullopt;
    return first;
}

// The utc_text of an instant, as the audit log writes it ("2026-09-01T00:00:00"), for comparing texts.
std::string iso_utc(std::int64_t at) {
    auto text = utc_text(at);  // "2026-09-01 00:00 UTC"
    return text.substr(0, 10) + "T" + text.substr(11, 5) + ":00";
}

std::string joined(const nlohmann::json& list) {
    std::string out;
    if (!list.is_array()) return list.is_string() ? list.get<std::string>() : std::string{};
    for (const auto& item : list) out += (out.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
    return out;
}

std::string text_of(const nlohmann::json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string{};
}

// Who an exemption is for, as the reader may see it: a person's name, or (a governor's copy) their role.
std::string subject_text(const Console& console, const config::model::PolicyModel& policy, const nlohmann::json& who, bool names) {
    if (!who.is_object() || who.empty()) return "?";
    const std::string kind = who.begin().key();
    const auto& value = who.begin().value();
    const auto subject = value.is_string() ? value.get<std::string>() : value.dump();
    if (kind == "role" || kind == "network") return kind + " " + subject;
    if (names) return display_name(console, subject);
    if (kind == "device") return "a device";
    const auto user = std::find_if(policy.users.begin(), policy.users.end(), [&](const auto& u) { return u.id == subject; });
    return user == policy.users.end() ? std::string{"a person"} : "a person with the role " + user->role;
}

void read_exemption_audit(Console& console, ReviewPack& pack) {
    if (pack.policy.exemptions_file.empty()) return;
    std::ifstream in{pack.policy.exemptions_file + ".audit.jsonl"};
    const auto from = iso_utc(pack.year.since);
    const auto until = iso_utc(pack.year.until);
    std::string line;
    while (std::getline(in, line)) {
        const auto record = nlohmann::json::parse(line, nullptr, false);
        if (!record.is_object()) continue;
        const auto ts = text_of(record, "ts");
        const auto action = text_of(record, "action");
        if (ts.substr(0, 19) < from || ts.substr(0, 19) >= until) continue;
        if (action == "added" || action == "revoked") ++pack.policy_changes;
        if (action == "revoked") {
            for (auto& granted : pack.exemptions) {
                if (granted.id == text_of(record, "id")) granted.revoked_on = ts.substr(0, 10);
            }
        }
        const auto& after = record.contains("after") ? record["after"] : nlohmann::json{};
        if (action != "added" || !after.is_object()) continue;
        const auto requested = text_of(after, "created_by").empty() ? text_of(record, "by") : text_of(after, "created_by");
        pack.exemptions.push_back({text_of(after, "id"), subject_text(console, pack.policy, after.value("who", nlohmann::json{}), pack.names_people),
                                   joined(after.value("services", nlohmann::json{})), text_of(after, "from"), text_of(after, "until"),
                                   text_of(after, "reason"), display_name(console, requested),
                                   display_name(console, text_of(after, "approved_by")), ts.substr(0, 10), ""});
    }
}

void exemptions_in_force(ReviewPack& pack) {
    for (const auto& e : pack.policy.exemptions) {
        const auto from = e.from_text.substr(0, 10);
        const auto until = e.until_text.substr(0, 10);
        const bool overlaps = (from.empty() || from < pack.year.end_day) && until >= pack.year.first_day;
        const bool recorded = std::any_of(pack.exemptions.begin(), pack.exemptions.end(), [&](const auto& g) { return g.id == e.id; });
        if (overlaps && !recorded) pack.in_force_unrecorded.push_back(e.id);
    }
}

std::string daemon_line(const Console& console) {
    const auto stats = daemon_stats(console.config.stats_socket);
    if (stats.contains("error")) return "The daemon does not answer now (" + stats["error"].get<std::string>() + ").";
    const auto policy = stats.value("policy", nlohmann::json::object());
    return "The daemon runs policy generation " + policy.value("generation", nlohmann::json{}).dump() + " now: " +
           policy.value("reloads_published", nlohmann::json{}).dump() + " reloads published and " +
           policy.value("reloads_failed", nlohmann::json{}).dump() + " refused since it started.";
}

std::string month_of(const std::string& ts_text) { return ts_text.substr(0, 7); }

// "2026-03-04T10:15:00.000Z" -> "2026-03-04 10:15 UTC" (the index keeps only valid RFC 3339 times).
std::string when_text(const std::string& ts_text) {
    return ts_text.size() < 16 ? ts_text : ts_text.substr(0, 10) + " " + ts_text.substr(11, 5) + " UTC";
}

// What the alert was about in the report's words ("OpenVPN VPN", "Repeated blocked attempts + Tor").
std::string technique_of(const IndexedEvent& e) {
    std::string out;
    std::size_t at = 0;
    while (at < e.techniques.size()) {
        const auto end = std::min(e.techniques.find(',', at), e.techniques.size());
        out += (out.empty() ? "" : " + ") + report::technique_title(std::string_view{e.techniques}.substr(at, end - at));
        at = end + 1;
    }
    if (!out.empty()) return out;
    return e.alert == "repeated_attempts" ? report::technique_title("repeated_attempts") : e.alert;
}

// A governor's copy holds no free text that may name someone: an exemption's reason is left out, and an id
// written by hand (the CLI's --id, "jane-smith-ipad") becomes "exemption N"; the console's own ids
// ("console-12") say nothing and stay, so the pack can still be matched with the exemptions page.
void name_no_one(ReviewPack& pack) {
    ExemptionIdCover plain_id;
    for (auto& e : pack.exemptions) {
        e.id = plain_id(e.id);
        e.reason = "(shown to the headteacher and the dsl)";
    }
    for (auto& id : pack.in_force_unrecorded) id = plain_id(id);
    for (auto& e : pack.policy.exemptions) {
        e.id = plain_id(e.id);
        e.subject.clear();
        e.reason.clear();
    }
}

}  // namespace

Result<AcademicYear, std::string> academic_year(const config::CompiledPolicy& policy, const std::string& text, std::int64_t now) {
    using R = Result<AcademicYear, std::string>;
    int first = 0;
    if (text.empty()) {
        const auto text_now = utc_text(now);
        (void)std::from_chars(text_now.data(), text_now.data() + 4, first);
        if (const auto start = september_first(policy, first); start && now < *start) --first;  // before 1 September
    } else if (const auto named = year_named(text)) {
        first = *named;
    } else {
        return R::failure("year: '" + text + "' is not an academic year; write the year it starts and the next, e.g. 2025-26 "
                          "(1 September 2025 to 31 August 2026)");
    }
    const auto since = september_first(policy, first);
    const auto until = september_first(policy, first + 1);
    if (!since || !until) return R::failure("year: the school's time zone cannot place 1 September " + std::to_string(first));
    return R::success({first, std::to_string(first) + "-" + std::to_string((first + 1) % 100 + 100).substr(1),
                       std::to_string(first) + "-09-01", std::to_string(first + 1) + "-09-01", *since, *until});
}

std::string academic_year_of_day(const std::string& day) {
    int year = 0;
    int month = 0;
    (void)std::from_chars(day.data(), day.data() + std::min<std::size_t>(day.size(), 4), year);
    if (day.size() >= 7) (void)std::from_chars(day.data() + 5, day.data() + 7, month);
    const int first = month >= 9 ? year : year - 1;
    return std::to_string(first) + "-" + std::to_string((first + 1) % 100 + 100).substr(1);
}

std::string incident_key(const IndexedEvent& e) {
    return sha256_hex(e.ts_text + '\n' + e.alert + '\n' + e.user + '\n' + e.device + '\n' + e.src_ip + '\n' + e.rule).substr(0, 16);
}

std::vector<Incident> incidents_between(Console& console, std::int64_t since, std::int64_t until, bool names_people, bool& cut,
                                        std::string& error) {
    auto alerts = console.store->alerts(since, until, kMaxIncidents + 1);
    auto actions = console.store->incident_actions();
    if (!alerts.ok() || !actions.ok()) error = "the incidents cannot be read: " + (alerts.ok() ? actions.error() : alerts.error());
    std::map<std::string, std::vector<IncidentAction>> by_key;
    for (auto& a : actions.ok() ? actions.value() : std::vector<IncidentAction>{}) by_key[a.incident].push_back(std::move(a));
    std::vector<Incident> out;
    const auto& found = alerts.ok() ? alerts.value() : std::vector<IndexedEvent>{};
    cut = found.size() > kMaxIncidents;
    for (std::size_t i = 0; i < found.size() && i < kMaxIncidents; ++i) {
        const auto& e = found[i];
        Incident incident{incident_key(e), when_text(e.ts_text), month_of(e.ts_text), technique_of(e), e.role.empty() ? "unknown" : e.role, e.alert,
                          e.reason, "", {}, 0};
        const auto& person = !e.user.empty() ? e.user : !e.device.empty() ? e.device : e.src_ip;
        if (names_people) incident.person = display_name(console, person);
        if (!names_people) incident.detail.clear();  // the rule's reason as the alert carried it: free text
        const auto done = by_key.find(incident.key);
        if (done != by_key.end()) {
            incident.action_count = done->second.size();
            if (names_people) incident.actions = done->second;
            for (auto& action : incident.actions) action.by = display_name(console, action.by);
        }
        out.push_back(std::move(incident));
    }
    return out;
}

ReviewPack build_review_pack(Console& console, const AcademicYear& year, const config::model::PolicyModel& policy, bool names_people) {
    ReviewPack pack;
    pack.year = year;
    pack.names_people = names_people;
    pack.policy = policy;
    static const std::vector<Role> kOrder{Role::Headteacher, Role::Dsl, Role::NetworkManager, Role::Governor};
    auto accounts = console.store->accounts();
    if (!accounts.ok()) pack.problems.push_back("the accounts cannot be read: " + accounts.error());
    for (const auto role : kOrder) {
        for (const auto& a : accounts.ok() ? accounts.value() : std::vector<Account>{}) {
            if (a.role == role) pack.responsible.emplace_back(std::string{role_name(role)}, display_name(console, a.name));
        }
    }
    read_exemption_audit(console, pack);
    exemptions_in_force(pack);
    auto checks = console.store->checks(year.first_day, year.end_day);
    if (!checks.ok()) pack.problems.push_back("the checks cannot be read: " + checks.error());
    if (checks.ok()) pack.checks = checks.value();
    for (auto& check : pack.checks) check.recorded_by = display_name(console, check.recorded_by);
    pack.daemon = daemon_line(console);
    std::string error;
    pack.incidents = incidents_between(console, year.since, year.until, names_people, pack.incidents_cut, error);
    if (!error.empty()) pack.problems.push_back(error);
    if (!names_people) name_no_one(pack);
    return pack;
}

}  // namespace schoolgate::tools::console

namespace schoolgate::tools::console {

Result<ReviewInputs, std::string> review_inputs(Console& console, const std::string& year_text) {
    using R = Result<ReviewInputs, std::string>;
    const auto catalogue = console.config.catalogue_file.empty() ? config::yaml::default_catalogue_path() : console.config.catalogue_file;
    auto model = config::yaml::load_policy(console.config.policy_file, catalogue);
    const auto snapshot = load_policy_snapshot(console.config.policy_file, console.config.catalogue_file, 0);
    if (!model.ok() || !snapshot) return R::failure("The policy does not load: run schoolgate check " + console.config.policy_file);
    auto year = academic_year(*snapshot->policy, year_text, console.now());
    if (!year.ok()) return R::failure(year.error());
    return R::success({std::move(model).value(), year.value()});
}

}  // namespace schoolgate::tools::console
