#include "config/yaml/yaml_file.h"

#include <yaml-cpp/depthguard.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace schoolgate::config::yaml {

namespace {

struct Place {
    int line = 1;
    int column = 1;
};

Place place_of(std::string_view text, std::size_t offset) {
    Place place;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++place.line;
            place.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++place.column;  // count characters, not UTF-8 continuation bytes
        }
    }
    return place;
}

}  // namespace

// YAML 1.2 files are Unicode text; yaml-cpp would otherwise read binary as a scalar or stop at an odd
// "unknown escape character".
std::size_t first_non_text_byte(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char lead = byte(i);
        if (lead == 0) return i;
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;
        } else {
            return i;
        }
        if (i + length > text.size()) return i;
        if (byte(i + 1) < low || byte(i + 1) > high) return i;
        for (std::size_t k = 2; k < length; ++k) {
            if ((byte(i + k) & 0xC0) != 0x80) return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

namespace {

ConfigError located(const std::string& path, const YAML::Mark& mark, std::string message) {
    // yaml-cpp marks are 0-based; a mark of -1 means "no place".
    const int line = mark.line >= 0 ? mark.line + 1 : 0;
    const int column = mark.column >= 0 ? mark.column + 1 : 0;
    return {path, line, column, "", std::move(message)};
}

std::string depth_message() {
    return "is nested more than " + std::to_string(kMaxYamlDepth) +
           " levels deep (a policy needs about 6; check this is the right file)";
}

// Walks the document once, counting values with aliases expanded wherever they are used, and stops at the
// first limit crossed: the cost of the walk is bounded by kMaxYamlValues whatever the file holds. Too many
// values are reported at the top-level entry they hang from (the alias deep inside says less).
std::optional<ConfigError> check_shape(const std::string& path, const YAML::Node& root) {
    struct Pending {
        YAML::Node node;
        std::size_t depth;
        YAML::Mark top;
    };
    std::vector<Pending> pending{{root, 1, root.Mark()}};
    std::size_t values = 0;
    while (!pending.empty()) {
        const Pending item = std::move(pending.back());
        pending.pop_back();
        if (++values > kMaxYamlValues) {
            return located(path, item.top,
                           "holds more than " + std::to_string(kMaxYamlValues) +
                               " values once its aliases (*name) are expanded (a policy has a few hundred; "
                               "remove the repeated aliases)");
        }
        if (item.depth > kMaxYamlDepth) return located(path, item.node.Mark(), depth_message());
        const auto push = [&](const YAML::Node& child) {
            pending.push_back({child, item.depth + 1, item.depth == 1 ? child.Mark() : item.top});
        };
        if (item.node.IsSequence()) {
            for (const auto& child : item.node) push(child);
        } else if (item.node.IsMap()) {
            for (const auto& entry : item.node) {
                push(entry.first);
                push(entry.second);
            }
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<YAML::Node> load_yaml_file(const std::string& path, std::string_view unreadable_message,
                                         ConfigErrors& errors) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        errors.push_back({path, 0, 0, "", std::string{unreadable_message}});
        return std::nullopt;
    }
    const auto size = std::filesystem::file_size(path, error);
    if (error || size > kMaxYamlFileBytes) {
        errors.push_back({path, 0, 0, "",
                          "is " + (error ? std::string{"of unknown size"} : std::to_string(size) + " bytes") +
                              ", more than the " + std::to_string(kMaxYamlFileBytes) +
                              " a policy, exemptions or catalogue file may have (check this is the right file)"});
        return std::nullopt;
    }
    std::ifstream in{path, std::ios::binary};
    const std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    if (!in.good() && !in.eof()) {
        errors.push_back({path, 0, 0, "", std::string{unreadable_message}});
        return std::nullopt;
    }
    // YAML 1.2 §5.2 also allows UTF-16 and UTF-32 with a byte-order mark (Notepad's "Unicode"); yaml-cpp
    // decodes those itself, so only text without such a mark must be UTF-8.
    const bool wide = text.starts_with("\xff\xfe") || text.starts_with("\xfe\xff") ||
                      text.starts_with(std::string_view{"\0\0\xfe\xff", 4});
    if (const auto bad = wide ? std::string_view::npos : first_non_text_byte(text); bad != std::string_view::npos) {
        const auto at = place_of(text, bad);
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
        errors.push_back({path, at.line, at.column, "",
                          std::string{"is not a text file: byte "} + hex +
                              " is not UTF-8 text (save the file as UTF-8 text; check this is the right file)"});
        return std::nullopt;
    }
    try {
        YAML::Node root = YAML::Load(text);
        if (auto shape_error = check_shape(path, root)) {
            errors.push_back(std::move(*shape_error));
            return std::nullopt;
        }
        return root;
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp reports its own depth limit as "bad file"; say what it means.
        errors.push_back(located(path, e.mark, depth_message()));
    } catch (const YAML::Exception& e) {
        errors.push_back(located(path, e.mark, e.msg + " (fix the YAML syntax here)"));
    }
    return std::nullopt;
}

std::string resolve_beside(const std::string& config_path, const std::string& relative) {
    const std::filesystem::path path{relative};
    if (path.is_absolute()) return relative;
    return (std::filesystem::path{config_path}.parent_path() / path).lexically_normal().string();
}

}  // namespace schoolgate::config::yaml
