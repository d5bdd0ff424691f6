#include "config/yaml/rules_reader.h"

#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

std::optional<model::Action> parse_action(const std::string& text) {
    if (text == "allow") return model::Action::Allow;
    if (text == "block") return model::Action::Block;
    if (text == "monitor") return model::Action::Monitor;
    return std::nullopt;
}

void read_when(MapReader& rule, model::RuleModel& out, const std::string& file, ConfigErrors& errors) {
    const YAML::Node node = rule.get("when");
    if (!node.IsDefined()) return;
    out.when.mark = rule.mark_of(node);
    const std::string path = rule.child_path("when");
    if (node.IsScalar()) {
        out.when.any_of.push_back(node.Scalar());
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            if (auto c = scalar_string(node[i], path + "[" + std::to_string(i) + "]", file, errors)) out.when.any_of.push_back(*c);
        }
    } else {
        MapReader when{node, path, file, errors, {"all", "any"}};
        if (!when.valid()) return;
        out.when.all_of = when.get_string_list("all").value_or(std::vector<std::string>{});
        out.when.any_of = when.get_string_list("any").value_or(std::vector<std::string>{});
    }
}

}  // namespace

void read_who(MapReader& rule, model::WhoModel& out, const std::string& file, ConfigErrors& errors) {
    const YAML::Node node = rule.get("who");
    if (!node.IsDefined()) return;
    MapReader who{node, rule.child_path("who"), file, errors, {"roles", "users", "networks"}};
    if (!who.valid()) return;
    out.mark = who.mark_of(node);
    out.roles = who.get_string_list("roles").value_or(std::vector<std::string>{});
    out.users = who.get_string_list("users").value_or(std::vector<std::string>{});
    out.networks = who.get_string_list("networks").value_or(std::vector<std::string>{});
}

void read_action(MapReader& reader, std::string_view key, bool required, model::Action& out) {
    const auto text = reader.get_string(key, required);
    if (!text) return;
    if (auto action = parse_action(*text)) {
        out = *action;
    } else {
        reader.error(reader.get(key), reader.child_path(key), "'" + *text + "' is not an action (use allow, block or monitor)");
    }
}

void read_rules(const YAML::Node& rules, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors) {
    if (!rules.IsSequence()) {
        errors.push_back(error_at(rules, file, "rules", "must be a list of rules, each starting with '- name:'"));
        return;
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const std::string path = "rules[" + std::to_string(i) + "]";
        MapReader reader{rules[i], path, file, errors, {"name", "who", "services", "when", "action", "reason"}};
        if (!reader.valid()) continue;
        model::RuleModel rule;
        rule.mark = reader.mark_of(rules[i]);
        rule.name = reader.get_string("name", true).value_or("");
        rule.reason = reader.get_string("reason", true).value_or("");
        rule.services = reader.get_string_list("services", true).value_or(std::vector<std::string>{});
        const YAML::Node services = reader.get("services");
        for (std::size_t s = 0; s < rule.services.size(); ++s) rule.service_marks.push_back(reader.mark_of(services[s]));
        read_who(reader, rule.who, file, errors);
        read_when(reader, rule, file, errors);
        read_action(reader, "action", true, rule.action);
        policy.rules.push_back(std::move(rule));
    }
}

}  // namespace schoolgate::config::yaml
