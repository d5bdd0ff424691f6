#include "tools/common/exemption_change.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "config/policy/compiled_policy.h"
#include "config/yaml/exemptions_loader.h"
#include "config/yaml/policy_loader.h"
#include "gateway/events/event_json.h"
#include "gateway/time/clock.h"
#include "tools/common/exemptions_text.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

using config::model::ExemptionModel;
constexpr unsigned kExemptionsMode = 0640;

std::optional<std::string> read_text(const std::string& file) { return read_file_text(file); }

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

ExemptionChangeOutcome failed(int code, std::vector<std::string> messages) {
    ExemptionChangeOutcome outcome;
    outcome.exit_code = code;
    outcome.messages = std::move(messages);
    return outcome;
}

std::string catalogue_of(const ExemptionChangeContext& c) {
    return c.catalogue.empty() ? config::yaml::default_catalogue_path() : c.catalogue;
}

// An exemption added with an `until` already past would be written, audited and never apply: the officer
// believes a member of staff is covered who is not. Judged on the compiled end (school-local, the whole last day).
bool ends_in_the_future(const ExemptionModel* added, const config::CompiledPolicy& policy, std::vector<std::string>* messages) {
    if (!added) return true;
    const auto now = gateway::time::SystemClock{}.wall_now();
    for (const auto& e : policy.exemptions()) {
        if (e.written.id != added->id || e.until > now) continue;
        if (messages) {
            messages->push_back("exempt add: --until " + added->until_text + " is already past (the exemption would have ended at " +
                                policy.local_time_text(e.until) + ", and it is now " + policy.local_time_text(now) +
                                "); give the last day it should apply, today or later. nothing was changed.");
        }
        return false;
    }
    return true;
}

// Validates `bytes` with the whole policy by writing them beside the real file and loading the policy with
// them: they must load, and give exactly the exemptions intended (`next`), nothing more or less; an added
// exemption must not have ended already.
bool validate(const ExemptionChangeContext& c, const std::string& file, const std::string& bytes,
              const std::vector<ExemptionModel>& next, const ExemptionModel* added, std::vector<std::string>* messages) {
    auto compiled = compile_with_candidate(c.policy, c.catalogue, file, bytes, CandidateFile::Exemptions, kExemptionsMode);
    config::ConfigErrors errors;
    if (!compiled.ok()) errors = std::move(compiled).error();
    if (!errors.empty()) {
        if (messages) *messages = config_failure(errors).messages;
        return false;
    }
    const auto& loaded = compiled.value()->exemptions();
    if (!ends_in_the_future(added, *compiled.value(), messages)) return false;
    bool same = loaded.size() == next.size();
    for (std::size_t i = 0; same && i < next.size(); ++i) same = exemption_json(loaded[i].written) == exemption_json(next[i]);
    if (!same && messages) messages->push_back(file + ": the edited file does not hold the intended exemptions; nothing was changed.");
    return same;
}

// The bytes to write: the file as it is with the one entry added or removed as text, so that its comments
// and layout stay; validated. When the file's shape is one the text editor does not know (or the edit does
// not load as intended), the whole file is written afresh from the exemptions, and the officer is told the
// comments were lost. Empty when neither validates (the errors in `messages`).
std::optional<std::string> next_bytes(const ExemptionChangeContext& c, const std::string& file,
                                      const std::vector<ExemptionModel>& next, const std::optional<std::string>& edited,
                                      const ExemptionModel* added, std::vector<std::string>& messages) {
    if (edited && validate(c, file, *edited, next, added, nullptr)) return edited;
    const std::string fresh = config::yaml::exemptions_to_yaml(next);
    if (!validate(c, file, fresh, next, added, &messages)) return std::nullopt;
    messages.push_back(file + ": its layout could not be edited in place, so it was written afresh (its comments are gone)");
    return fresh;
}

// No record, no change: the audit line is written and synced before the file is replaced.
ExemptionChangeOutcome commit(const ExemptionChangeContext& c, const std::string& file, const std::string& id,
                              const std::vector<ExemptionModel>& next, const std::optional<std::string>& edited,
                              const char* action, const nlohmann::json& before, const nlohmann::json& after) {
    ExemptionChangeOutcome outcome;
    const ExemptionModel* added = before.is_null() && !next.empty() ? &next.back() : nullptr;
    const auto bytes = next_bytes(c, file, next, edited, added, outcome.messages);
    if (!bytes) return failed(kExitConfigError, std::move(outcome.messages));
    if (c.dry_run) return outcome;
    auto done = audited_replace(file, *bytes, kExemptionsMode, {c.by, c.operator_identity, action, id, before, after});
    // A note from choosing the bytes (its comments were lost) goes with the change's own messages.
    done.messages.insert(done.messages.begin(), outcome.messages.begin(), outcome.messages.end());
    return done;
}

// The policy's model read under the exemptions file's lock, and the file's text as it is now.
struct LockedView {
    std::string file;
    std::vector<ExemptionModel> exemptions;
    std::optional<std::string> text;
};

using Edit = ExemptionChangeOutcome (*)(const ExemptionChangeContext&, LockedView&, const void*);

// Read, validate, audit and write under the file's lock, reading again once it is held: two changes made at
// the same moment are applied one after the other, and neither is lost; a stale one is refused.
ExemptionChangeOutcome locked_change(const ExemptionChangeContext& c, Edit edit, const void* argument) {
    auto model = config::yaml::load_policy(c.policy, catalogue_of(c));
    if (!model.ok()) return config_failure(model.error());
    const std::string file = model.value().exemptions_file;
    if (file.empty()) {
        return failed(kExitConfigError,
                      {c.policy + ": the policy names no exemptions file (add 'exemptions: exemptions.yaml' to it)"});
    }
    return with_file_lock(file, c.expected_digest, [&]() -> ExemptionChangeOutcome {
        auto reread = config::yaml::load_policy(c.policy, catalogue_of(c));
        if (!reread.ok()) return config_failure(reread.error());
        LockedView view{file, reread.value().exemptions, read_text(file)};
        return edit(c, view, argument);
    }, c.digest_required && !c.dry_run);
}

ExemptionChangeOutcome add_locked(const ExemptionChangeContext& c, LockedView& view, const void* argument) {
    const auto& entry = *static_cast<const ExemptionModel*>(argument);
    auto& next = view.exemptions;
    if (std::any_of(next.begin(), next.end(), [&](const ExemptionModel& e) { return e.id == entry.id; })) {
        return failed(kExitConfigError, {"exempt add: id '" + entry.id + "' is already used (choose another)"});
    }
    next.push_back(entry);
    const auto item = item_of(config::yaml::exemptions_to_yaml({next.back()}));
    const auto edited = view.text ? ExemptionsText::with_entry_added(*view.text, item) : std::nullopt;
    return commit(c, view.file, entry.id, next, edited, "added", nullptr, exemption_json(next.back()));
}

ExemptionChangeOutcome revoke_locked(const ExemptionChangeContext& c, LockedView& view, const void* argument) {
    const auto& id = *static_cast<const std::string*>(argument);
    auto& next = view.exemptions;
    auto existing = std::find_if(next.begin(), next.end(), [&](const ExemptionModel& e) { return e.id == id; });
    if (existing == next.end()) return failed(kExitConfigError, {"exempt revoke: no exemption with id '" + id + "'"});
    const auto before = exemption_json(*existing);
    const auto index = static_cast<std::size_t>(existing - next.begin());
    next.erase(existing);
    const auto edited = view.text ? ExemptionsText::with_entry_removed(*view.text, index) : std::nullopt;
    return commit(c, view.file, id, next, edited, "revoked", before, nullptr);
}

}  // namespace

nlohmann::json exemption_json(const ExemptionModel& e) {
    static const char* kinds[] = {"user", "device", "role", "network"};
    return {{"id", e.id}, {"who", {{kinds[static_cast<int>(e.subject_kind)], e.subject}}}, {"services", e.services},
            {"from", e.from_text}, {"until", e.until_text}, {"periods", e.periods}, {"reason", e.reason},
            {"approved_by", e.approved_by}, {"created_by", e.created_by}};
}

std::string exemptions_file_digest(const std::string& file) { return file_digest(file); }

ExemptionChangeOutcome add_exemption(const ExemptionChangeContext& context, const ExemptionModel& entry) {
    return locked_change(context, add_locked, &entry);
}

ExemptionChangeOutcome revoke_exemption(const ExemptionChangeContext& context, const std::string& id) {
    return locked_change(context, revoke_locked, &id);
}

}  // namespace schoolgate::tools
