#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config::yaml {

/// Reads a `services:` mapping (name -> display_name, domains, ip_ranges, domains_file, ip_ranges_file, ndpi)
/// into the model. A list file (config/yaml/list_file.h) is resolved beside `file`, its entries appended after
/// the YAML's own, and its path recorded in `policy.list_files`.
void read_services(const YAML::Node& services, const std::string& file, model::PolicyModel& policy,
                   ConfigErrors& errors);
/// Reads the optional `domains:` and `ip_ranges:` lists of a mapping into `service`, checking each entry.
void read_domains(class MapReader& reader, const YAML::Node& node, const std::string& path,
                  classifiers::services::ServiceDefinition& service);
void read_ranges(class MapReader& reader, const YAML::Node& node, const std::string& path,
                 classifiers::services::ServiceDefinition& service);

/// Reads the catalogue's own `version:`, `date:` and `references:` (id -> text) into `info`.
void read_catalogue_info(class MapReader& reader, const std::string& file, model::CatalogueInfo& info,
                         ConfigErrors& errors);

/// Reads a `groups:` mapping (name -> list of service names).
void read_groups(const YAML::Node& groups, const std::string& file, model::PolicyModel& policy,
                 ConfigErrors& errors);

}  // namespace schoolgate::config::yaml
