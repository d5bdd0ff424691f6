#include "config/yaml/file_kind_node.h"

#include <algorithm>
#include <filesystem>
#include <vector>
#include <string_view>

#include "config/yaml/yaml_file.h"

namespace schoolgate::config::yaml {

namespace {

bool any_of_keys(const YAML::Node& root, std::initializer_list<std::string_view> keys) {
    for (const auto& entry : root) {
        if (!entry.first.IsScalar()) continue;
        if (std::find(keys.begin(), keys.end(), entry.first.Scalar()) != keys.end()) return true;
    }
    return false;
}

bool only_keys(const YAML::Node& root, std::initializer_list<std::string_view> keys) {
    for (const auto& entry : root) {
        if (!entry.first.IsScalar() || std::find(keys.begin(), keys.end(), entry.first.Scalar()) == keys.end()) return false;
    }
    return root.size() > 0;
}

// A policy beside an exemptions file whose `exemptions:` names it, or "": where `schoolgate exempt` and
// the package put them (/etc/schoolgate/hillside.yaml names hillside-exemptions.yaml).
std::string policy_naming(const std::string& exemptions_path, const char* key = "exemptions") {
    namespace fs = std::filesystem;
    std::error_code error;
    const auto wanted = fs::weakly_canonical(exemptions_path, error);
    const auto directory = fs::path{exemptions_path}.parent_path();
    constexpr std::size_t kMaxFilesLooked = 64;  // a directory of configs, not a file system to search
    std::vector<std::string> found;
    std::size_t looked = 0;
    for (const auto& entry : fs::directory_iterator{directory.empty() ? fs::path{"."} : directory, error}) {
        if (++looked > kMaxFilesLooked) break;
        if (!entry.is_regular_file(error) || entry.path().extension() != ".yaml") continue;
        ConfigErrors ignored;
        const auto root = load_yaml_file(entry.path().string(), "", ignored);
        if (!root || !root->IsMap()) continue;
        const YAML::Node named_file = (*root)[key];
        if (!named_file.IsDefined() || !named_file.IsScalar()) continue;
        const auto named = resolve_beside(entry.path().string(), named_file.Scalar());
        if (fs::weakly_canonical(named, error) == wanted) found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    return found.empty() ? std::string{} : found.front();
}

}  // namespace

FileKind file_kind(const YAML::Node& root) {
    if (!root.IsMap()) return FileKind::Policy;
    // A policy's timetable in a file of its own (`timetable: hillside-timetable.yaml`): only `timetable:`.
    if (only_keys(root, {"timetable"}) && root["timetable"].IsMap()) return FileKind::Timetable;
    // Keys only a policy has: one of these and it is a policy, whatever else is wrong with it.
    if (any_of_keys(root, {"school", "roles", "networks", "users", "devices", "timetable", "rules", "default_action",
                           "circumvention"})) {
        return FileKind::Policy;
    }
    if (only_keys(root, {"exemptions"}) && (root["exemptions"].IsSequence() || root["exemptions"].IsNull())) {
        return FileKind::Exemptions;
    }
    if (any_of_keys(root, {"mode", "policy", "catalogue", "user", "seccomp", "events", "inline", "passive", "stats"}) &&
        only_keys(root, {"mode", "policy", "catalogue", "user", "seccomp", "events", "inline", "passive", "stats"})) {
        return FileKind::DaemonConfig;
    }
    if ((root["services"].IsDefined() || root["groups"].IsDefined()) &&
        only_keys(root, {"version", "date", "references", "services", "groups", "indicators"})) {
        return FileKind::Catalogue;
    }
    return FileKind::Policy;
}

std::optional<std::string> not_a_policy(const YAML::Node& root, const std::string& path) {
    switch (file_kind(root)) {
        case FileKind::Policy: return std::nullopt;
        case FileKind::Exemptions: {
            const auto policy = policy_naming(path);
            return "this is an exemptions file, not a policy: it is checked with the policy that names it: run `schoolgate check " +
                   (policy.empty() ? std::string{"POLICY` (the policy whose exemptions: names this file)"} : policy + "`");
        }
        case FileKind::Timetable: {
            const auto policy = policy_naming(path, "timetable");
            return "this is a timetable file, not a policy: it is checked with the policy that names it: run `schoolgate check " +
                   (policy.empty() ? std::string{"POLICY` (the policy whose timetable: names this file)"} : policy + "`");
        }
        case FileKind::DaemonConfig:
            return "this is a daemon config, not a policy: check it with `schoolgated --config " + path + " --check`";
        case FileKind::Catalogue:
            return "this is a service catalogue (or a trust's additions to it), not a policy: check it with "
                   "`schoolgate catalogue check " + path + "`, or a policy with it: `schoolgate check POLICY --catalogue " +
                   path + "`";
    }
    return std::nullopt;
}

FileKind file_kind(const std::string& path) {
    ConfigErrors ignored;  // an unreadable file is the policy reader's to report, located
    const auto root = load_yaml_file(path, "", ignored);
    try {
        return root ? file_kind(*root) : FileKind::Policy;
    } catch (const YAML::Exception&) {
        return FileKind::Policy;
    }
}

std::optional<std::string> not_a_policy(const std::string& path) {
    ConfigErrors ignored;
    const auto root = load_yaml_file(path, "", ignored);
    if (!root) return std::nullopt;
    try {
        return not_a_policy(*root, path);
    } catch (const YAML::Exception&) {  // a shape yaml-cpp refuses: the policy reader reports it, located
        return std::nullopt;
    }
}

}  // namespace schoolgate::config::yaml
