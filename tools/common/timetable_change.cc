#include "tools/common/timetable_change.h"

#include "config/yaml/policy_loader.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

constexpr unsigned kTimetableMode = 0640;

FileChangeOutcome refused(std::string message) {
    FileChangeOutcome outcome;
    outcome.exit_code = kExitConfigError;
    outcome.messages = {std::move(message), "nothing was changed."};
    return outcome;
}

nlohmann::json item_json(const config::yaml::TimetableItem& item) {
    if (item.empty()) return nullptr;
    return nlohmann::json(item);
}

FileChangeOutcome change_locked(const TimetableChangeContext& c, const std::string& file,
                                const std::vector<config::yaml::TimetableItemEdit>& edits, const std::string& action) {
    if (edits.empty()) return refused("no change was asked for (everything is in the timetable already)");
    const auto text = read_file_text(file);
    if (!text) return refused(file + ": cannot be read");
    std::string next = *text;
    nlohmann::json before = nlohmann::json::array();
    nlohmann::json after = nlohmann::json::array();
    std::string id;
    for (const auto& edit : edits) {
        auto edited = config::yaml::edit_timetable_text(next, edit);
        if (!edited.ok()) return refused(file + ": " + edited.error());
        next = edited.value().text;
        id = edits.size() == 1 ? edited.value().path : std::to_string(edits.size()) + " items";
        before.push_back(item_json(edited.value().before));
        after.push_back(item_json(edited.value().after));
    }
    if (edits.size() == 1) {
        before = before[0];
        after = after[0];
    }
    auto compiled = compile_with_candidate(c.policy, c.catalogue, file, next, CandidateFile::Timetable, kTimetableMode);
    if (!compiled.ok()) return config_failure(compiled.error());
    if (c.dry_run) return {};
    return audited_replace(file, next, kTimetableMode, {c.by, c.operator_identity, action, id, before, after});
}

}  // namespace

TimetablePlace timetable_place(const std::string& policy, const std::string& catalogue) {
    auto read = config::yaml::read_policy(policy, catalogue.empty() ? config::yaml::default_catalogue_path() : catalogue);
    return {read.model.timetable_file, read.model.timetable_file.empty() && read.model.timetable.has_value()};
}

FileChangeOutcome change_timetable(const TimetableChangeContext& c, const std::vector<config::yaml::TimetableItemEdit>& edits,
                                   const std::string& action) {
    const auto place = timetable_place(c.policy, c.catalogue);
    if (place.file.empty()) {
        return refused(c.policy + ": the timetable is written inside the policy, so it can only be changed there; move it to " +
                       "its own file (timetable: school-timetable.yaml, docs/console.md) to edit it in the console");
    }
    return with_file_lock(place.file, c.expected_digest, [&] { return change_locked(c, place.file, edits, action); },
                          c.digest_required && !c.dry_run);
}

}  // namespace schoolgate::tools
