#include <date/tz.h>

#include <algorithm>
#include <map>
#include <set>

#include "config/policy/compiled_policy.h"
#include "config/suggest.h"

namespace schoolgate::config {

namespace {

using classifiers::ServiceId;
using Compiled = Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors>;

ConfigError error_at(const model::SourceMark& mark, std::string path, std::string message) {
    return {mark.file, mark.line, mark.column, std::move(path), std::move(message)};
}

// Merges a school's own definition of a catalogue service into the shipped one ("extend facebook with
// these domains"); new names are appended.
std::vector<classifiers::services::ServiceDefinition> merge_services(std::vector<model::ServiceModel>& services) {
    std::vector<classifiers::services::ServiceDefinition> merged;
    for (auto& service : services) {
        auto& definition = service.definition;
        auto existing = std::find_if(merged.begin(), merged.end(), [&](const auto& d) { return d.name == definition.name; });
        if (existing == merged.end()) {
            merged.push_back(std::move(definition));
            continue;
        }
        if (definition.display_name != definition.name) existing->display_name = definition.display_name;
        for (auto& d : definition.domains) {
            if (std::find(existing->domains.begin(), existing->domains.end(), d) == existing->domains.end()) {
                existing->domains.push_back(std::move(d));
            }
        }
        for (auto& r : definition.ip_ranges) {
            if (std::find(existing->ip_ranges.begin(), existing->ip_ranges.end(), r) == existing->ip_ranges.end()) {
                existing->ip_ranges.push_back(r);
            }
        }
        existing->ndpi_protocols.insert(existing->ndpi_protocols.end(), definition.ndpi_protocols.begin(),
                                        definition.ndpi_protocols.end());
    }
    return merged;
}

struct Names {
    std::vector<std::string_view> known;  // services and groups, for suggestions
    std::map<std::string, std::vector<ServiceId>> groups;
};

Names resolve_groups(const model::PolicyModel& model, const classifiers::services::ServiceCatalogue& catalogue,
                     ConfigErrors& errors) {
    Names names;
    for (std::size_t id = 1; id <= catalogue.size(); ++id) names.known.emplace_back(catalogue.name(static_cast<ServiceId>(id)));
    for (const auto& group : model.groups) {
        auto& members = names.groups[group.name];
        for (const auto& member : group.members) {
            const ServiceId id = catalogue.find(member);
            if (id == classifiers::kNoService) {
                errors.push_back(error_at(group.mark, "groups." + group.name,
                                          "unknown service '" + member + "' (" + did_you_mean(member, names.known) +
                                              "services are defined under 'services:')"));
            } else {
                members.push_back(id);
            }
        }
    }
    for (const auto& entry : names.groups) names.known.push_back(entry.first);
    return names;
}

CompiledRule compile_rule(const model::RuleModel& rule, std::size_t index, const Names& names,
                          const classifiers::services::ServiceCatalogue& catalogue, ConfigErrors& errors) {
    CompiledRule compiled{rule.name, rule.reason, rule.action, false, std::vector<bool>(catalogue.size() + 1, false)};
    const std::string path = "rules[" + std::to_string(index) + "].services";
    for (std::size_t s = 0; s < rule.services.size(); ++s) {
        const auto& name = rule.services[s];
        const auto& mark = s < rule.service_marks.size() ? rule.service_marks[s] : rule.mark;
        if (name == "any") {
            compiled.any_service = true;
        } else if (const ServiceId id = catalogue.find(name); id != classifiers::kNoService) {
            compiled.services[id] = true;
        } else if (const auto group = names.groups.find(name); group != names.groups.end()) {
            for (ServiceId member : group->second) compiled.services[member] = true;
        } else {
            errors.push_back(error_at(mark, path + "[" + std::to_string(s) + "]",
                                      "unknown service or group '" + name + "' (" + did_you_mean(name, names.known) +
                                          "use a name from the catalogue, a group, or 'any')"));
        }
    }
    return compiled;
}

// An earlier rule that matches every flow a later rule could match makes the later one dead.
bool covers(const CompiledRule& earlier, const CompiledRule& later) {
    if (earlier.any_service) return true;
    if (later.any_service) return false;
    for (std::size_t id = 0; id < later.services.size(); ++id) {
        if (later.services[id] && !earlier.services[id]) return false;
    }
    return true;
}

void check_rules(const std::vector<CompiledRule>& rules, const model::PolicyModel& model, ConfigErrors& errors) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& mark = model.rules[i].mark;
        const std::string path = "rules[" + std::to_string(i) + "]";
        if (!seen.insert(rules[i].name).second) {
            errors.push_back(error_at(mark, path + ".name", "rule name '" + rules[i].name +
                                                                "' is used twice (give every rule its own name)"));
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (covers(rules[j], rules[i])) {
                errors.push_back(error_at(mark, path, "rule '" + rules[i].name + "' can never match because rule '" +
                                                          rules[j].name + "' above it always matches first (move it "
                                                          "above '" + rules[j].name + "' or remove it)"));
                break;
            }
        }
    }
}

}  // namespace

Compiled compile_policy(model::PolicyModel model) {
    ConfigErrors errors;
    auto policy = std::make_shared<CompiledPolicy>();
    policy->school_name_ = model.school.name;
    policy->source_file_ = model.source_file;
    policy->time_zone_name_ = model.school.time_zone;
    try {
        policy->time_zone_ = date::locate_zone(model.school.time_zone);
    } catch (const std::exception&) {
        errors.push_back(error_at(model.school.time_zone_mark, "school.time_zone",
                                  "unknown time zone '" + model.school.time_zone +
                                      "' (use an IANA name such as Europe/London)"));
    }
    std::vector<std::string> conflicts;
    for (auto& definition : merge_services(model.services)) policy->catalogue_.add(std::move(definition), conflicts);
    for (auto& conflict : conflicts) {
        errors.push_back({model.source_file, 0, 0, "services", conflict + " (list each domain and range once)"});
    }
    const Names names = resolve_groups(model, policy->catalogue_, errors);
    for (std::size_t i = 0; i < model.rules.size(); ++i) {
        policy->rules_.push_back(compile_rule(model.rules[i], i, names, policy->catalogue_, errors));
    }
    check_rules(policy->rules_, model, errors);
    policy->default_action_ = model.default_action;
    if (!errors.empty()) return Compiled::failure(std::move(errors));
    return Compiled::success(std::move(policy));
}

}  // namespace schoolgate::config
