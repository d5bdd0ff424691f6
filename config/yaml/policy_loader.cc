#include "config/yaml/policy_loader.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>
#include <filesystem>

#include "config/policy/compiled_policy.h"
#include "config/yaml/exemptions_loader.h"
#include "config/yaml/circumvention_reader.h"
#include "config/yaml/identity_reader.h"
#include "config/yaml/rules_reader.h"
#include "config/yaml/services_reader.h"
#include "config/yaml/timetable_reader.h"
#include "config/yaml/who_reader.h"
#include "config/yaml/file_kind_node.h"
#include "config/yaml/yaml_reader.h"
#include "config/yaml/yaml_file.h"

#ifndef SG_DATA_DIR
#define SG_DATA_DIR "/usr/share/schoolgate"
#endif
#ifndef SG_SOURCE_CONFIG_DIR
#define SG_SOURCE_CONFIG_DIR ""
#endif

namespace schoolgate::config::yaml {

namespace {

using Loaded = Result<model::PolicyModel, ConfigErrors>;

// load_yaml_file (config/yaml/yaml_file.h) checks size, text, depth and aliases around yaml-cpp.
std::optional<YAML::Node> load_file(const std::string& path, ConfigErrors& errors) {
    return load_yaml_file(path, "cannot read the file (check the path and that it is a regular file)", errors);
}

void read_catalogue(const std::string& path, model::PolicyModel& policy, ConfigErrors& errors) {
    policy.catalogue.file = path;
    const auto root = load_file(path, errors);
    if (!root) return;
    MapReader reader{*root, "", path, errors, {"version", "date", "references", "services", "groups", "indicators"}};
    if (!reader.valid()) return;
    read_catalogue_info(reader, path, policy.catalogue, errors);
    if (auto services = reader.get("services", true); services.IsDefined()) read_services(services, path, policy, errors);
    if (auto groups = reader.get("groups"); groups.IsDefined()) read_groups(groups, path, policy, errors);
    if (auto indicators = reader.get("indicators"); indicators.IsDefined()) read_indicators(indicators, path, policy, errors);
    policy.catalogue_services = policy.services.size();
    policy.catalogue_groups = policy.groups.size();
}

void read_school(MapReader& top, model::PolicyModel& policy, ConfigErrors& errors) {
    const YAML::Node node = top.get("school", true);
    if (!node.IsDefined()) return;
    MapReader school{node, "school", policy.source_file, errors, {"name", "time_zone"}};
    if (!school.valid()) return;
    policy.school.name = school.get_string("name", true).value_or("");
    if (auto zone = school.get_string("time_zone")) {
        policy.school.time_zone = *zone;
        policy.school.time_zone_mark = school.mark_of(school.get("time_zone"));
    }
}

const std::initializer_list<std::string_view> kTopLevelKeys = {
    "school", "roles", "networks", "users", "devices", "services", "groups", "timetable", "rules",
    "default_action", "exemptions", "circumvention", "indicators", "identity"};

// `timetable:` is the timetable itself (a mapping), or the name of its own file beside the policy.
void read_timetable_section(const YAML::Node& node, model::PolicyModel& policy, const std::string& override_file,
                            ConfigErrors& errors) {
    if (!node.IsScalar()) {
        policy.timetable = read_timetable(node, policy.source_file, errors);
        return;
    }
    policy.timetable_file = resolve_beside(policy.source_file, node.Scalar());
    const std::string& path = override_file.empty() ? policy.timetable_file : override_file;
    if (auto model = load_timetable_file(path, errors)) policy.timetable = std::move(*model);
}

void read_policy_sections(MapReader& top, model::PolicyModel& policy, const FileOverrides& overrides,
                          ConfigErrors& errors) {
    const std::string& file = policy.source_file;
    read_school(top, policy, errors);
    policy.roles = model::kBuiltInRoles;
    if (auto n = top.get("roles"); n.IsDefined()) read_roles(n, file, policy, errors);
    if (auto n = top.get("networks"); n.IsDefined()) read_networks(n, file, policy, errors);
    if (auto n = top.get("users"); n.IsDefined()) read_users(n, file, policy, errors);
    if (auto n = top.get("devices"); n.IsDefined()) read_devices(n, file, policy, errors);
    if (auto n = top.get("services"); n.IsDefined()) read_services(n, file, policy, errors);
    if (auto n = top.get("groups"); n.IsDefined()) read_groups(n, file, policy, errors);
    if (auto n = top.get("timetable"); n.IsDefined()) read_timetable_section(n, policy, overrides.timetable, errors);
    if (auto n = top.get("rules", true); n.IsDefined()) read_rules(n, file, policy, errors);
    read_action(top, "default_action", false, policy.default_action);
    if (auto n = top.get("circumvention"); n.IsDefined()) read_circumvention(n, file, policy, errors);
    if (auto n = top.get("indicators"); n.IsDefined()) read_indicators(n, file, policy, errors);
    if (auto n = top.get("identity"); n.IsDefined()) read_identity(n, file, policy, errors);
    if (auto path = top.get_string("exemptions")) {
        policy.exemptions_file = resolve_beside(file, *path);
        load_exemptions(overrides.exemptions.empty() ? policy.exemptions_file : overrides.exemptions, policy.exemptions, errors);
    }
}

void read_additions(const std::string& path, model::PolicyModel& policy, ConfigErrors& errors) {
    const auto root = load_file(path, errors);
    if (!root) return;
    MapReader reader{*root, "", path, errors, {"references", "services", "groups"}};
    if (!reader.valid()) return;
    model::CatalogueInfo info;
    read_catalogue_info(reader, path, info, errors);
    policy.catalogue.references.insert(policy.catalogue.references.end(), info.references.begin(), info.references.end());
    if (auto services = reader.get("services"); services.IsDefined()) read_services(services, path, policy, errors);
    if (auto groups = reader.get("groups"); groups.IsDefined()) read_groups(groups, path, policy, errors);
}

}  // namespace

ReadPolicy read_catalogue_with(const std::string& catalogue_path, const std::string& additions_path) {
    ReadPolicy read;
    read.model.source_file = additions_path.empty() ? catalogue_path : additions_path;
    try {
        read_catalogue(catalogue_path, read.model, read.errors);
        if (!additions_path.empty()) read_additions(additions_path, read.model, read.errors);
        read.readable = true;
    } catch (const YAML::Exception& e) {
        read.errors.push_back({read.model.source_file, e.mark.line + 1, e.mark.column + 1, "", e.msg});
    }
    return read;
}

std::string default_catalogue_path() {
    namespace fs = std::filesystem;
    if (const char* dir = std::getenv("SCHOOLGATE_DATA_DIR"); dir && *dir) {
        return (fs::path{dir} / "catalogue" / "services.yaml").string();
    }
    const fs::path installed = fs::path{SG_DATA_DIR} / "catalogue" / "services.yaml";
    if (fs::is_regular_file(installed)) return installed.string();
    return (fs::path{SG_SOURCE_CONFIG_DIR} / "catalogue" / "services.yaml").string();
}

Result<model::PolicyModel, ConfigErrors> load_policy(const std::string& policy_path,
                                                     const std::string& catalogue_path,
                                                     const std::string& exemptions_override) {
    auto [policy, errors, readable] = read_policy(policy_path, catalogue_path, FileOverrides{exemptions_override, {}});
    if (!errors.empty()) return Loaded::failure(std::move(errors));
    return Loaded::success(std::move(policy));
}

Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> load_and_compile_policy(
    const std::string& policy_path, const std::string& catalogue_path, const std::string& exemptions_override) {
    return load_and_compile_policy(policy_path, catalogue_path, FileOverrides{exemptions_override, {}});
}

Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> load_and_compile_policy(
    const std::string& policy_path, const std::string& catalogue_path, const FileOverrides& overrides) {
    using Compiled = Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors>;
    auto [policy, errors, readable] = read_policy(policy_path, catalogue_path, overrides);
    // Check the meaning even when the shape had mistakes, so that one run reports (nearly) everything;
    // only a file that could not be read or parsed at all stops here.
    if (!readable) return Compiled::failure(std::move(errors));
    auto compiled = compile_policy(std::move(policy));
    if (errors.empty() && compiled.ok()) return compiled;
    if (!compiled.ok()) {
        for (auto& error : std::move(compiled).error()) {
            const bool repeated = std::any_of(errors.begin(), errors.end(), [&](const ConfigError& e) {
                return e.file == error.file && e.line == error.line && e.path == error.path;
            });
            if (!repeated) errors.push_back(std::move(error));
        }
    }
    std::stable_sort(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
        return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    return Compiled::failure(std::move(errors));
}

ReadPolicy read_policy(const std::string& policy_path, const std::string& catalogue_path,
                       const std::string& exemptions_override) {
    return read_policy(policy_path, catalogue_path, FileOverrides{exemptions_override, {}});
}

ReadPolicy read_policy(const std::string& policy_path, const std::string& catalogue_path, const FileOverrides& overrides) {
    ConfigErrors errors;
    model::PolicyModel policy;
    policy.source_file = policy_path;
    bool readable = false;
    try {
        read_catalogue(catalogue_path, policy, errors);
        const auto root = load_file(policy_path, errors);
        if (root && root->IsNull()) {
            errors.push_back({policy_path, 0, 0, "", "is empty (a policy needs at least school: and rules:)"});
        } else if (root && not_a_policy(*root, policy_path)) {
            // An exemptions file or schoolgated.yaml given as a policy: say what it is, not which keys are unknown.
            errors.push_back({policy_path, 0, 0, "", *not_a_policy(*root, policy_path)});
        } else if (root) {
            readable = root->IsMap();
            MapReader top{*root, "", policy_path, errors, kTopLevelKeys};
            if (top.valid()) read_policy_sections(top, policy, overrides, errors);
        }
    } catch (const YAML::Exception& e) {
        errors.push_back({policy_path, e.mark.line + 1, e.mark.column + 1, "", e.msg});
        readable = false;
    }
    return {std::move(policy), std::move(errors), readable};
}

}  // namespace schoolgate::config::yaml
