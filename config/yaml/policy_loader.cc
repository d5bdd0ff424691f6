#include "config/yaml/policy_loader.h"

#include <cstdlib>
#include <filesystem>

#include "config/yaml/services_reader.h"
#include "config/yaml/yaml_reader.h"

#ifndef SG_DATA_DIR
#define SG_DATA_DIR "/usr/share/schoolgate"
#endif
#ifndef SG_SOURCE_CONFIG_DIR
#define SG_SOURCE_CONFIG_DIR ""
#endif

namespace schoolgate::config::yaml {

namespace {

using Loaded = Result<model::PolicyModel, ConfigErrors>;

std::optional<YAML::Node> load_file(const std::string& path, ConfigErrors& errors) {
    if (!std::filesystem::is_regular_file(path)) {
        errors.push_back({path, 0, 0, "", "cannot read the file (check the path and that it is a regular file)"});
        return std::nullopt;
    }
    try {
        return YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
        // yaml-cpp marks are 0-based.
        errors.push_back({path, e.mark.line + 1, e.mark.column + 1, "", e.msg + " (fix the YAML syntax here)"});
    }
    return std::nullopt;
}

std::optional<model::Action> parse_action(const std::string& text) {
    if (text == "allow") return model::Action::Allow;
    if (text == "block") return model::Action::Block;
    if (text == "monitor") return model::Action::Monitor;
    return std::nullopt;
}

void read_action(MapReader& reader, std::string_view key, bool required, model::Action& out) {
    const auto text = reader.get_string(key, required);
    if (!text) return;
    if (auto action = parse_action(*text)) {
        out = *action;
    } else {
        reader.error(reader.get(key), reader.child_path(key),
                     "'" + *text + "' is not an action (use allow, block or monitor)");
    }
}

void read_rules(const YAML::Node& rules, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors) {
    if (!rules.IsSequence()) {
        errors.push_back(error_at(rules, file, "rules", "must be a list of rules, each starting with '- name:'"));
        return;
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const std::string path = "rules[" + std::to_string(i) + "]";
        MapReader reader{rules[i], path, file, errors, {"name", "services", "action", "reason"}};
        if (!reader.valid()) continue;
        model::RuleModel rule;
        rule.mark = reader.mark_of(rules[i]);
        rule.name = reader.get_string("name", true).value_or("");
        rule.reason = reader.get_string("reason", true).value_or("");
        rule.services = reader.get_string_list("services", true).value_or(std::vector<std::string>{});
        const YAML::Node services = reader.get("services");
        for (std::size_t s = 0; s < rule.services.size(); ++s) rule.service_marks.push_back(reader.mark_of(services[s]));
        read_action(reader, "action", true, rule.action);
        policy.rules.push_back(std::move(rule));
    }
}

void read_catalogue(const std::string& path, model::PolicyModel& policy, ConfigErrors& errors) {
    const auto root = load_file(path, errors);
    if (!root) return;
    MapReader reader{*root, "", path, errors, {"services", "groups"}};
    if (!reader.valid()) return;
    if (auto services = reader.get("services", true); services.IsDefined()) read_services(services, path, policy, errors);
    if (auto groups = reader.get("groups"); groups.IsDefined()) read_groups(groups, path, policy, errors);
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

}  // namespace

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
                                                     const std::string& catalogue_path) {
    ConfigErrors errors;
    model::PolicyModel policy;
    policy.source_file = policy_path;
    try {
        read_catalogue(catalogue_path, policy, errors);
        const auto root = load_file(policy_path, errors);
        if (root) {
            MapReader top{*root, "", policy_path, errors, {"school", "services", "groups", "rules", "default_action"}};
            if (top.valid()) {
                read_school(top, policy, errors);
                if (auto s = top.get("services"); s.IsDefined()) read_services(s, policy_path, policy, errors);
                if (auto g = top.get("groups"); g.IsDefined()) read_groups(g, policy_path, policy, errors);
                if (auto r = top.get("rules", true); r.IsDefined()) read_rules(r, policy_path, policy, errors);
                read_action(top, "default_action", false, policy.default_action);
            }
        }
    } catch (const YAML::Exception& e) {
        errors.push_back({policy_path, e.mark.line + 1, e.mark.column + 1, "", e.msg});
    }
    if (!errors.empty()) return Loaded::failure(std::move(errors));
    return Loaded::success(std::move(policy));
}

}  // namespace schoolgate::config::yaml
