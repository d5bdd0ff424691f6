#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/yaml/timetable_edit.h"
#include "tools/common/guarded_file_change.h"

namespace schoolgate::tools {

/// Where a timetable change goes and who makes it (as for exemptions: tools/common/exemption_change.h).
struct TimetableChangeContext {
    std::string policy;
    std::string catalogue;  ///< empty: the shipped one
    std::string by;
    nlohmann::json operator_identity;
    /// file_digest() of the timetable file when the person opened the form; a different file now is
    /// refused with "changed since you opened it". Empty: no such check.
    std::string expected_digest;
    bool dry_run = false;  ///< validate only: no audit, no write
    bool digest_required = false;  ///< an empty expected_digest is refused (the console's forms; a dry run needs none)
};

/// The timetable's own file (`timetable: FILE`, resolved) of the policy, "" when the timetable is inline or
/// absent; `inline_timetable` says which.
struct TimetablePlace {
    std::string file;
    bool inline_timetable = false;
};
TimetablePlace timetable_place(const std::string& policy, const std::string& catalogue);

/// The one way the timetable file is changed: under its lock (the stale check first), read it again, apply
/// `edits` in order as text (config::yaml::edit_timetable_text), compile the whole policy with the result
/// in the file's place (`schoolgate check`'s compile path: errors name the timetable file, its line and
/// column, and keep their key paths for the console's fields), append the audit record (who, when, action,
/// the items before and after) to `<file>.audit.jsonl`, replace the file atomically. Nothing changes on any
/// error. `action`: "added", "changed", "removed", "imported".
FileChangeOutcome change_timetable(const TimetableChangeContext& context, const std::vector<config::yaml::TimetableItemEdit>& edits,
                                   const std::string& action);

}  // namespace schoolgate::tools
