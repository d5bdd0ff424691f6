#include "config/yaml/circumvention_reader.h"

#include <charconv>

#include "config/yaml/rules_reader.h"
#include "config/yaml/services_reader.h"
#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

std::optional<model::TechniqueAction> parse_technique_action(const std::string& text) {
    if (text == "log") return model::TechniqueAction::Log;
    if (text == "block") return model::TechniqueAction::Block;
    if (text == "alert") return model::TechniqueAction::Alert;
    return std::nullopt;
}

// "90s", "10m", "2h" or a bare number of seconds.
std::optional<std::uint32_t> parse_duration_seconds(const std::string& text) {
    std::uint32_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [rest, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || value == 0) return std::nullopt;
    const std::string_view unit{rest, static_cast<std::size_t>(end - rest)};
    if (unit.empty() || unit == "s") return value;
    if (unit == "m") return value * 60;
    if (unit == "h") return value * 3600;
    return std::nullopt;
}

void read_resolvers(MapReader& reader, const YAML::Node& node, const std::string& path,
                    model::CircumventionModel& out) {
    const auto addresses = reader.get_string_list("school_resolvers");
    if (!addresses) return;
    for (std::size_t i = 0; i < addresses->size(); ++i) {
        const auto& text = (*addresses)[i];
        auto cidr = net::Cidr::parse(text.find('/') == std::string::npos
                                         ? text + (text.find(':') == std::string::npos ? "/32" : "/128")
                                         : text);
        if (!cidr.ok()) {
            reader.error(node["school_resolvers"][i], path + ".school_resolvers[" + std::to_string(i) + "]",
                         cidr.error() + " (write an address such as 10.20.0.1, or a block such as 10.20.0.0/29)");
            continue;
        }
        out.school_resolvers.push_back(cidr.value());
    }
}

void read_repeated(MapReader& reader, const std::string& path, const std::string& file, ConfigErrors& errors,
                   model::CircumventionModel& out) {
    const YAML::Node node = reader.get("repeated_attempts");
    if (!node.IsDefined()) return;
    MapReader repeated{node, path + ".repeated_attempts", file, errors, {"count", "within"}};
    if (!repeated.valid()) return;
    if (auto count = repeated.get_string("count")) {
        std::uint32_t value = 0;
        const auto [rest, ec] = std::from_chars(count->data(), count->data() + count->size(), value);
        if (ec != std::errc{} || rest != count->data() + count->size() || value < 2) {
            repeated.error(repeated.get("count"), repeated.child_path("count"),
                           "'" + *count + "' is not a count of attempts (write a whole number, 2 or more)");
        } else {
            out.repeated_attempts = value;
        }
    }
    if (auto within = repeated.get_string("within")) {
        if (auto seconds = parse_duration_seconds(*within)) {
            out.repeated_window_seconds = *seconds;
        } else {
            repeated.error(repeated.get("within"), repeated.child_path("within"),
                           "'" + *within + "' is not a duration (write 90s, 10m or 1h)");
        }
    }
}

void read_technique_rules(const YAML::Node& rules, const std::string& path, const std::string& file,
                          ConfigErrors& errors, model::CircumventionModel& out) {
    if (!rules.IsSequence()) {
        errors.push_back(error_at(rules, file, path, "must be a list of rules, each starting with '- name:'"));
        return;
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const std::string rule_path = path + "[" + std::to_string(i) + "]";
        MapReader reader{rules[i], rule_path, file, errors, {"name", "who", "techniques", "action", "reason"}};
        if (!reader.valid()) continue;
        model::TechniqueRuleModel rule;
        rule.mark = reader.mark_of(rules[i]);
        rule.name = reader.get_string("name", true).value_or("");
        rule.reason = reader.get_string("reason").value_or("");
        rule.techniques = reader.get_string_list("techniques", true).value_or(std::vector<std::string>{});
        const YAML::Node techniques = reader.get("techniques");
        for (std::size_t t = 0; t < rule.techniques.size(); ++t) rule.technique_marks.push_back(reader.mark_of(techniques[t]));
        read_who(reader, rule.who, file, errors);
        if (auto action = reader.get_string("action", true)) {
            if (auto parsed = parse_technique_action(*action)) {
                rule.action = *parsed;
            } else {
                reader.error(reader.get("action"), reader.child_path("action"),
                             "'" + *action + "' is not a circumvention action (use log, block or alert)");
            }
        }
        out.rules.push_back(std::move(rule));
    }
}

}  // namespace

void read_circumvention(const YAML::Node& node, const std::string& file, model::PolicyModel& policy,
                        ConfigErrors& errors) {
    MapReader reader{node, "circumvention", file, errors,
                     {"school_resolvers", "block_quic", "repeated_attempts", "block_min_confidence",
                      "report_min_confidence", "rules"}};
    if (!reader.valid()) return;
    auto& out = policy.circumvention;
    read_resolvers(reader, node, "circumvention", out);
    if (auto roles = reader.get_string_list("block_quic")) {
        out.block_quic_roles = std::move(*roles);
        out.block_quic_mark = reader.mark_of(reader.get("block_quic"));
    }
    read_repeated(reader, "circumvention", file, errors, out);
    for (auto [key, field] : {std::pair{"block_min_confidence", &out.block_min_confidence},
                              std::pair{"report_min_confidence", &out.report_min_confidence}}) {
        auto confidence = reader.get_string(key);
        if (!confidence) continue;
        if (*confidence == "low" || *confidence == "medium" || *confidence == "high") {
            *field = *confidence;
        } else {
            reader.error(reader.get(key), reader.child_path(key),
                         "'" + *confidence + "' is not a confidence (use low, medium or high)");
        }
    }
    if (auto rules = reader.get("rules"); rules.IsDefined()) {
        read_technique_rules(rules, "circumvention.rules", file, errors, out);
    }
}

void read_indicators(const YAML::Node& node, const std::string& file, model::PolicyModel& policy,
                     ConfigErrors& errors) {
    if (!node.IsMap()) {
        errors.push_back(error_at(node, file, "indicators",
                                  "must be a mapping of technique name (dns.doh, proxy.site, vpn.app, tls.ech) to "
                                  "domains and ip_ranges"));
        return;
    }
    for (const auto& entry : node) {
        const std::string technique = entry.first.as<std::string>("");
        const std::string path = "indicators." + technique;
        MapReader reader{entry.second, path, file, errors, {"domains", "ip_ranges", "source"}};
        if (!reader.valid()) continue;
        classifiers::services::ServiceDefinition lists;
        read_domains(reader, entry.second, path, lists);
        read_ranges(reader, entry.second, path, lists);
        reader.get_string("source");  // documentation for people; not used
        policy.circumvention.indicators.push_back(
            {technique, std::move(lists.domains), std::move(lists.ip_ranges), reader.mark_of(entry.first)});
    }
}

}  // namespace schoolgate::config::yaml
