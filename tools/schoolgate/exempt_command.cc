#include "tools/schoolgate/exempt_command.h"

#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <nlohmann/json.hpp>

#include "config/policy/compiled_policy.h"
#include "config/yaml/exemptions_loader.h"
#include "config/yaml/policy_loader.h"
#include "gateway/events/event_json.h"
#include "gateway/time/clock.h"
#include "tools/schoolgate/atomic_file.h"
#include "tools/schoolgate/exemptions_text.h"
#include "tools/common/policy_loading.h"
#include "tools/schoolgate/file_lock.h"

namespace schoolgate::tools {

namespace {

using config::model::ExemptionModel;
using config::model::ExemptionSubjectKind;
constexpr unsigned kExemptionsMode = 0640;

nlohmann::json to_json(const ExemptionModel& e) {
    static const char* kinds[] = {"user", "device", "role", "network"};
    return {{"id", e.id}, {"who", {{kinds[static_cast<int>(e.subject_kind)], e.subject}}}, {"services", e.services},
            {"from", e.from_text}, {"until", e.until_text}, {"periods", e.periods}, {"reason", e.reason},
            {"approved_by", e.approved_by}, {"created_by", e.created_by}};
}

// The file's text as it is; nullopt when it cannot be read (then it is written afresh, if that validates).
std::optional<std::string> read_text(const std::string& file) {
    std::ifstream in{file, std::ios::binary};
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The one item of exemptions_to_yaml({entry}) ("exemptions:\n  - id: ...\n    who: ..."), moved left so
// that its "-" is at column 0: what ExemptionsText::with_entry_added takes.
std::string item_of(const std::string& emitted) {
    std::vector<std::string> lines;
    std::istringstream in{emitted};
    std::string line;
    std::getline(in, line);  // "exemptions:"
    std::size_t indent = std::string::npos;
    while (std::getline(in, line)) {
        if (const auto first = line.find_first_not_of(' '); first != std::string::npos) indent = std::min(indent, first);
        lines.push_back(line);
    }
    std::string item;
    for (const auto& l : lines) item += (l.size() >= indent ? l.substr(indent) : std::string{}) + "\n";
    return item;
}

void print_errors(const config::ConfigErrors& errors) {
    for (const auto& error : errors) std::cerr << error.to_string() << '\n';
    std::cerr << "nothing was changed.\n";
}

// An exemption added with an `until` already past would be written, audited and never apply: the officer
// believes a member of staff is covered who is not. Judged on the compiled end (school-local, the whole last day).
bool ends_in_the_future(const ExemptOptions& o, const config::CompiledPolicy& policy, bool quiet) {
    if (o.action != "add") return true;
    const auto now = gateway::time::SystemClock{}.wall_now();
    for (const auto& e : policy.exemptions()) {
        if (e.written.id != o.id || e.until > now) continue;
        if (!quiet) {
            std::cerr << "exempt add: --until " << o.until << " is already past (the exemption would have ended at "
                      << policy.local_time_text(e.until) << ", and it is now " << policy.local_time_text(now)
                      << "); give the last day it should apply, today or later. nothing was changed.\n";
        }
        return false;
    }
    return true;
}

// Validates `bytes` with the whole policy by writing them beside the real file and loading the policy with
// them: they must load, and give exactly the exemptions intended (`next`), nothing more or less.
bool validate(const ExemptOptions& o, const std::string& file, const std::string& bytes,
              const std::vector<ExemptionModel>& next, bool quiet) {
    const std::string candidate = file + ".candidate";
    if (auto w = replace_file_atomically(candidate, bytes, kExemptionsMode); !w.ok()) {
        std::cerr << w.error() << '\n';
        return false;
    }
    const std::string catalogue = o.catalogue.empty() ? config::yaml::default_catalogue_path() : o.catalogue;
    auto compiled = config::yaml::load_and_compile_policy(o.policy, catalogue, candidate);
    // Left-over candidates are harmless (nothing reads them) and the next change overwrites them, so a
    // failed clean-up is not worth failing the change for.
    (void)std::remove(candidate.c_str());
    (void)std::remove((candidate + ".bak").c_str());
    config::ConfigErrors errors;
    if (!compiled.ok()) errors = std::move(compiled).error();
    // Name the file the officer knows, not the candidate it was checked in.
    for (auto& error : errors) {
        if (error.file == candidate) error.file = file;
    }
    if (!errors.empty()) {
        if (!quiet) print_errors(errors);
        return false;
    }
    const auto& loaded = compiled.value()->exemptions();
    if (!ends_in_the_future(o, *compiled.value(), quiet)) return false;
    bool same = loaded.size() == next.size();
    for (std::size_t i = 0; same && i < next.size(); ++i) same = to_json(loaded[i].written) == to_json(next[i]);
    if (!same && !quiet) std::cerr << file << ": the edited file does not hold the intended exemptions; nothing was changed.\n";
    return same;
}

// The bytes to write: the file as it is with the one entry added or removed as text, so that its comments
// and layout stay; validated. When the file's shape is one the text editor does not know (or the edit does
// not load as intended), the whole file is written afresh from the exemptions, and the officer is told the
// comments were lost. Empty when neither validates (the errors printed).
std::optional<std::string> next_bytes(const ExemptOptions& o, const std::string& file, const std::vector<ExemptionModel>& next,
                                      const std::optional<std::string>& edited) {
    if (edited && validate(o, file, *edited, next, true)) return edited;
    const std::string fresh = config::yaml::exemptions_to_yaml(next);
    if (!validate(o, file, fresh, next, false)) return std::nullopt;
    std::cerr << file << ": its layout could not be edited in place, so it was written afresh (its comments are gone)\n";
    return fresh;
}

// Who ran the command, as the machine knows them: `--by` is what they say, this is who they are.
nlohmann::json operator_identity() {
    const uid_t uid = ::getuid();
    const passwd* account = ::getpwuid(uid);
    nlohmann::json who = {{"uid", uid}, {"login", account ? account->pw_name : ""}};
    if (const char* sudo_user = std::getenv("SUDO_USER")) who["sudo_user"] = sudo_user;
    return who;
}

// No record, no change: the audit line is written and synced before the file is replaced.
int commit(const ExemptOptions& o, const std::string& file, const std::vector<ExemptionModel>& next,
           const std::optional<std::string>& edited, const char* action, const nlohmann::json& before,
           const nlohmann::json& after) {
    const auto bytes = next_bytes(o, file, next, edited);
    if (!bytes) return kExitConfigError;
    const nlohmann::json audit = {{"ts", gateway::events::format_utc(gateway::time::SystemClock{}.wall_now())},
                                  {"by", o.by},         {"operator", operator_identity()},
                                  {"action", action},   {"id", o.id},
                                  {"before", before},   {"after", after}};
    const auto audit_file = file + ".audit.jsonl";
    if (auto w = append_line(audit_file, audit.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kExemptionsMode);
        !w.ok()) {
        std::cerr << "the audit log cannot be written, so nothing was changed: " << w.error() << '\n';
        return kExitCaptureError;
    }
    if (auto w = replace_file_atomically(file, *bytes, kExemptionsMode); !w.ok()) {
        std::cerr << w.error() << '\n';
        // The audit already says it happened: say it did not.
        const nlohmann::json failed = {{"ts", gateway::events::format_utc(gateway::time::SystemClock{}.wall_now())},
                                       {"by", o.by}, {"operator", operator_identity()}, {"action", "failed"},
                                       {"id", o.id}, {"error", w.error()}};
        (void)append_line(audit_file, failed.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kExemptionsMode);
        return kExitCaptureError;
    }
    std::cout << action << " " << o.id << " in " << file << " (by " << o.by << ")\n";
    return kExitOk;
}

ExemptionModel from_options(const ExemptOptions& o) {
    ExemptionModel e;
    e.id = o.id;
    const std::pair<const std::string*, ExemptionSubjectKind> subjects[] = {
        {&o.user, ExemptionSubjectKind::User}, {&o.device, ExemptionSubjectKind::Device},
        {&o.role, ExemptionSubjectKind::Role}, {&o.network, ExemptionSubjectKind::Network}};
    for (const auto& [value, kind] : subjects) {
        if (!value->empty()) {
            e.subject = *value;
            e.subject_kind = kind;
        }
    }
    e.services = o.services;
    e.from_text = o.from;
    e.until_text = o.until;
    e.periods = o.periods;
    e.reason = o.reason;
    e.approved_by = o.approved_by;
    e.created_by = o.by;
    return e;
}

int list(const ExemptOptions& o) {
    const auto snapshot = load_policy_snapshot(o.policy, o.catalogue, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    const auto now = school_instant(policy, o.at, "--at");
    if (!now) return kExitConfigError;
    std::cout << policy.exemptions().size() << " exemptions in " << policy.exemptions_file() << '\n';
    for (const auto& e : policy.exemptions()) {
        const char* status = *now >= e.until ? "expired" : *now < e.from ? "not started" : "active";
        const auto& w = e.written;
        std::cout << "  " << w.id << " [" << status << "] " << w.subject << ": ";
        for (std::size_t i = 0; i < w.services.size(); ++i) std::cout << (i ? "," : "") << w.services[i];
        std::cout << " from " << (w.from_text.empty() ? "-" : w.from_text) << " until " << w.until_text << ", approved by "
                  << w.approved_by << " - " << w.reason << '\n';
    }
    return kExitOk;
}

}  // namespace

ExemptOptions& add_exempt_command(CLI::App& app) {
    static ExemptOptions o;
    auto* exempt = app.add_subcommand("exempt", "Add, list or revoke exemptions (validated, atomic, audited)");
    exempt->require_subcommand(1);
    auto* add = exempt->add_subcommand("add", "Add an exemption");
    auto* list_cmd = exempt->add_subcommand("list", "List exemptions and their status");
    auto* revoke = exempt->add_subcommand("revoke", "Remove an exemption");
    for (auto* sub : {add, list_cmd, revoke}) {
        sub->add_option("--policy", o.policy, "school policy (YAML)")->required();
        sub->add_option("--catalogue", o.catalogue, "service catalogue (default: the shipped one)");
        sub->callback([sub] { o.action = sub->get_name(); });
    }
    add->add_option("--id", o.id, "a new, unique id")->required();
    auto* user = add->add_option("--user", o.user, "user id");
    auto* device = add->add_option("--device", o.device, "device name");
    auto* role = add->add_option("--role", o.role, "role");
    auto* network = add->add_option("--network", o.network, "network name");
    user->excludes(device)->excludes(role)->excludes(network);
    device->excludes(role)->excludes(network);
    role->excludes(network);
    add->add_option("--services", o.services, "services or groups, e.g. facebook,x")->required()->delimiter(',');
    add->add_option("--from", o.from, "first day (school-local), e.g. 2026-09-01");
    add->add_option("--until", o.until, "last day (required), e.g. 2027-07-31")->required();
    add->add_option("--periods", o.periods, "only in these periods, e.g. P3,P4")->delimiter(',');
    add->add_option("--reason", o.reason, "why, for people")->required();
    add->add_option("--approved-by", o.approved_by, "the headteacher's user id")->required();
    add->add_option("--by", o.by, "who is making this change")->required();
    revoke->add_option("--id", o.id, "the exemption to remove")->required();
    revoke->add_option("--by", o.by, "who is making this change")->required();
    list_cmd->add_option("--at", o.at, "status as of this school-local time (default: now)");
    return o;
}

int run_exempt(const ExemptOptions& o) {
    if (o.action == "list") return list(o);
    const std::string catalogue = o.catalogue.empty() ? config::yaml::default_catalogue_path() : o.catalogue;
    auto model = config::yaml::load_policy(o.policy, catalogue);
    if (!model.ok()) return print_errors(model.error()), kExitConfigError;
    const std::string file = model.value().exemptions_file;
    if (file.empty()) {
        std::cerr << o.policy << ": the policy names no exemptions file (add 'exemptions: exemptions.yaml' to it)\n";
        return kExitConfigError;
    }
    // Read, validate, audit and write under the file's lock, reading again once it is held: two changes made
    // at the same moment are applied one after the other, and neither is lost.
    const auto lock = FileLock::acquire(file + ".lock");
    if (!lock.ok()) return std::cerr << lock.error() << '\n', kExitCaptureError;
    model = config::yaml::load_policy(o.policy, catalogue);
    if (!model.ok()) return print_errors(model.error()), kExitConfigError;
    auto next = model.value().exemptions;
    const auto current = read_text(file);  // under the lock: the text the model was just read from
    auto existing = std::find_if(next.begin(), next.end(), [&](const ExemptionModel& e) { return e.id == o.id; });
    if (o.action == "revoke") {
        if (existing == next.end()) return std::cerr << "exempt revoke: no exemption with id '" << o.id << "'\n", kExitConfigError;
        const auto before = to_json(*existing);
        const auto index = static_cast<std::size_t>(existing - next.begin());
        next.erase(existing);
        const auto edited = current ? ExemptionsText::with_entry_removed(*current, index) : std::nullopt;
        return commit(o, file, next, edited, "revoked", before, nullptr);
    }
    if (existing != next.end()) return std::cerr << "exempt add: id '" << o.id << "' is already used (choose another)\n", kExitConfigError;
    if (o.user.empty() && o.device.empty() && o.role.empty() && o.network.empty()) {
        return std::cerr << "exempt add: say who with --user, --device, --role or --network\n", kExitConfigError;
    }
    next.push_back(from_options(o));
    const auto item = item_of(config::yaml::exemptions_to_yaml({next.back()}));
    const auto edited = current ? ExemptionsText::with_entry_added(*current, item) : std::nullopt;
    return commit(o, file, next, edited, "added", nullptr, to_json(next.back()));
}

}  // namespace schoolgate::tools
