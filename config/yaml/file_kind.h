#pragma once

#include <optional>
#include <string>

namespace schoolgate::config::yaml {

/// What a schoolgate YAML file is, told by its top-level keys.
enum class FileKind {
    Policy,        ///< school:, rules:, ... or anything not recognised below (the policy reader reports it)
    Exemptions,    ///< only `exemptions:`, a list (the file `schoolgate exempt` edits)
    Timetable,     ///< only `timetable:`, a mapping (a policy's `timetable: FILE`, the file the console edits)
    DaemonConfig,  ///< schoolgated.yaml: mode:, policy:, inline:, passive:, events:, stats:, ...
    Catalogue,     ///< services: or groups: with only version:, date:, references: and indicators: beside them
};

/// The kind of a file, by its top-level keys. Only a mapping whose keys are all another kind's (and none a
/// policy's own) is taken for another kind, so a policy with a typo is still a policy. A file that cannot
/// be read or parsed counts as a policy (the policy reader says why, located).
FileKind file_kind(const std::string& path);

/// For a file that is not a policy, one sentence saying what it is and which command checks it, e.g.
/// "this is a daemon config, not a policy: check it with `schoolgated --config FILE --check`";
/// std::nullopt for a policy (or a file that cannot be read: the policy reader says why). Reads the file.
std::optional<std::string> not_a_policy(const std::string& path);

}  // namespace schoolgate::config::yaml
