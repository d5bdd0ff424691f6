#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config::yaml {

/// Reads one YAML mapping strictly: every key must be known, required keys must be present, and each
/// value must have the expected shape. Mistakes are appended to the shared error list (never thrown), so
/// one pass reports all of them. Only config/yaml/ includes yaml-cpp.
class MapReader {
public:
    MapReader(const YAML::Node& node, std::string path, std::string file, ConfigErrors& errors,
              std::initializer_list<std::string_view> known_keys);

    bool valid() const noexcept { return valid_; }
    /// The value, or an undefined node when absent (recording an error when `required`).
    YAML::Node get(std::string_view key, bool required = false);
    std::optional<std::string> get_string(std::string_view key, bool required = false);
    std::optional<std::vector<std::string>> get_string_list(std::string_view key, bool required = false);

    std::string child_path(std::string_view key) const;
    model::SourceMark mark_of(const YAML::Node& node) const;
    void error(const YAML::Node& at, std::string_view path, std::string message);

private:
    YAML::Node node_;
    std::string path_;
    std::string file_;
    ConfigErrors& errors_;
    bool valid_ = true;
};

/// Reads a scalar as a string, or records "must be a string" and returns std::nullopt.
std::optional<std::string> scalar_string(const YAML::Node& node, const std::string& path, const std::string& file,
                                         ConfigErrors& errors);

ConfigError error_at(const YAML::Node& node, const std::string& file, std::string path, std::string message);

}  // namespace schoolgate::config::yaml
