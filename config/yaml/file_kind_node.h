#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "config/yaml/file_kind.h"

// The parsed-root forms of file_kind.h, for the readers inside config/yaml.
namespace schoolgate::config::yaml {

FileKind file_kind(const YAML::Node& root);

/// not_a_policy() for a file already parsed (std::nullopt when it is a policy).
std::optional<std::string> not_a_policy(const YAML::Node& root, const std::string& path);

}  // namespace schoolgate::config::yaml
