#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config::yaml {

/// Reads the who-is-who sections of a policy: `roles:` (list), `networks:` (list of name, cidr and/or vlan,
/// role, label), `users:` (id -> display_name, role) and `devices:` (list of name, ip and/or mac, user).
/// Shape only; references between them are checked by compile_policy().
void read_roles(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors);
void read_networks(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors);
void read_users(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors);
void read_devices(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors);

}  // namespace schoolgate::config::yaml
