#include "config/yaml/yaml_reader.h"

#include <algorithm>
#include <numeric>

#include "config/suggest.h"

namespace schoolgate::config::yaml {

namespace {

std::string join(const std::vector<std::string_view>& words) {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : ", ") + std::string{w};
    return text;
}

}  // namespace

ConfigError error_at(const YAML::Node& node, const std::string& file, std::string path, std::string message) {
    ConfigError error{file, 0, 0, std::move(path), std::move(message)};
    if (node.IsDefined() && node.Mark().line >= 0) {
        // YAML::Mark is 0-based; people count from 1.
        error.line = node.Mark().line + 1;
        error.column = node.Mark().column + 1;
    }
    return error;
}

std::optional<std::string> scalar_string(const YAML::Node& node, const std::string& path, const std::string& file,
                                         ConfigErrors& errors) {
    if (!node.IsScalar()) {
        errors.push_back(error_at(node, file, path, "must be a text value (write it as key: value)"));
        return std::nullopt;
    }
    return node.Scalar();
}

MapReader::MapReader(const YAML::Node& node, std::string path, std::string file, ConfigErrors& errors,
                     std::initializer_list<std::string_view> known_keys)
    : node_(node), path_(std::move(path)), file_(std::move(file)), errors_(errors) {
    if (!node_.IsMap()) {
        errors_.push_back(error_at(node_, file_, path_, "must be a mapping of keys to values"));
        valid_ = false;
        return;
    }
    const std::vector<std::string_view> known(known_keys);
    for (const auto& entry : node_) {
        const std::string key = entry.first.as<std::string>("");
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        const std::string suggestion = closest_match(key, known);
        std::string hint = suggestion.empty() ? "known keys: " + join(known) : "did you mean '" + suggestion + "'?";
        errors_.push_back(error_at(entry.first, file_, path_, "unknown key '" + key + "' (" + hint + ")"));
    }
}

std::string MapReader::child_path(std::string_view key) const {
    return path_.empty() ? std::string{key} : path_ + "." + std::string{key};
}

model::SourceMark MapReader::mark_of(const YAML::Node& node) const {
    const auto located = error_at(node, file_, "", "");
    return {file_, located.line, located.column};
}

void MapReader::error(const YAML::Node& at, std::string_view path, std::string message) {
    errors_.push_back(error_at(at, file_, std::string{path}, std::move(message)));
}

YAML::Node MapReader::get(std::string_view key, bool required) {
    if (!valid_) return YAML::Node{YAML::NodeType::Undefined};
    const YAML::Node value = node_[std::string{key}];
    if (!value.IsDefined() && required) {
        errors_.push_back(error_at(node_, file_, child_path(key), "is required but missing (add it here)"));
    }
    return value;
}

std::optional<std::string> MapReader::get_string(std::string_view key, bool required) {
    const YAML::Node value = get(key, required);
    if (!value.IsDefined()) return std::nullopt;
    return scalar_string(value, child_path(key), file_, errors_);
}

std::optional<std::vector<std::string>> MapReader::get_string_list(std::string_view key, bool required) {
    const YAML::Node value = get(key, required);
    if (!value.IsDefined()) return std::nullopt;
    if (!value.IsSequence()) {
        errors_.push_back(error_at(value, file_, child_path(key), "must be a list, e.g. [a, b]"));
        return std::nullopt;
    }
    std::vector<std::string> items;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const auto path = child_path(key) + "[" + std::to_string(i) + "]";
        if (auto item = scalar_string(value[i], path, file_, errors_)) items.push_back(std::move(*item));
    }
    return items;
}

}  // namespace schoolgate::config::yaml
