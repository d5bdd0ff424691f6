#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config::yaml {

/// Reads the policy's `identity:` section: `dhcp_leases:` (a list of {format: dnsmasq|kea|isc, path}),
/// `radius_accounting:` ({listen: ADDRESS:PORT, secret_file, clients: [CIDR...]}) and `directory:`
/// ({csv: FILE}); paths are relative to the policy file. The directory CSV is read here, its mistakes at
/// its own FILE:LINE:COL. Lease files and the secret are read by whoever uses them (the daemon, replay):
/// they change while the policy does not.
void read_identity(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors);

}  // namespace schoolgate::config::yaml
