#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "config/config_error.h"

namespace schoolgate::config::yaml {

/// Limits on a YAML file (policy, exemptions, catalogue) before and after yaml-cpp reads it. A school's
/// policy is a few KB, a few hundred values and about 6 levels deep; each limit is far above that and stops
/// one way a damaged or hostile file could exhaust memory or time.
inline constexpr std::uintmax_t kMaxYamlFileBytes = 4 * 1024 * 1024;
/// yaml-cpp itself gives up at 2000 levels (its DepthGuard); we stop much earlier with a clearer message.
inline constexpr std::size_t kMaxYamlDepth = 64;
/// Values counted with every alias expanded where it is used: stops "billion laughs" alias bombs, whose
/// few lines expand to billions of values when a reader walks them.
inline constexpr std::size_t kMaxYamlValues = 200'000;

/// Reads a YAML file for the config readers. Refuses, with one located error each: a path that is not a
/// regular file (`unreadable_message` says what to check), a file over kMaxYamlFileBytes, a file that is
/// not UTF-8 text (NUL bytes, binary; UTF-16/32 with a byte-order mark is left to yaml-cpp, as YAML allows), YAML syntax errors (yaml-cpp's message, located), nesting deeper than
/// kMaxYamlDepth, and more than kMaxYamlValues values once aliases are expanded. Returns std::nullopt after
/// appending the error; throws nothing. Error lines and columns are 1-based.
std::optional<YAML::Node> load_yaml_file(const std::string& path, std::string_view unreadable_message,
                                         ConfigErrors& errors);

/// The offset of the first byte of `text` that is a NUL or not UTF-8 (RFC 3629 §4: no overlong forms, no
/// surrogates), or std::string_view::npos when it is all text. Shared with the list-file reader.
std::size_t first_non_text_byte(std::string_view text);

/// A path written in a config file, resolved against that file's directory unless it is absolute.
std::string resolve_beside(const std::string& config_path, const std::string& relative);

}  // namespace schoolgate::config::yaml
