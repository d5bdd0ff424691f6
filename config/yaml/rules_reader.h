#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config::yaml {

/// Reads `rules:` (an ordered list; first match wins): name, who {roles, users, networks}, services,
/// when (a condition, a list meaning any of them, or {all: [...], any: [...]}), action, reason.
void read_rules(const YAML::Node& rules, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors);

/// Reads an optional `who: {roles, users, networks}` of a rule into `out`.
void read_who(class MapReader& rule, model::WhoModel& out, const std::string& file, ConfigErrors& errors);

/// Reads an action word into `out`; records an error naming the allowed words otherwise.
void read_action(class MapReader& reader, std::string_view key, bool required, model::Action& out);

}  // namespace schoolgate::config::yaml
