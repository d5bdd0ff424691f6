#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config::yaml {

/// Reads a policy's `circumvention:` section: school_resolvers, block_quic (roles), repeated_attempts
/// {count, within}, block_min_confidence, rules (name, who, techniques, action log|block|alert, reason).
void read_circumvention(const YAML::Node& node, const std::string& file, model::PolicyModel& policy,
                        ConfigErrors& errors);

/// Reads an `indicators:` mapping (technique wire name -> domains, ip_ranges), from the shipped catalogue
/// or a policy, appending to the policy's indicator lists.
void read_indicators(const YAML::Node& node, const std::string& file, model::PolicyModel& policy,
                     ConfigErrors& errors);

}  // namespace schoolgate::config::yaml
