#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace schoolgate::config::identity {

/// A whole regular file's bytes, refused (with why, for a person) when it cannot be read or is larger than
/// `max_bytes`.
Result<std::vector<std::uint8_t>, std::string> read_file_bytes(const std::string& path, std::size_t max_bytes);

}  // namespace schoolgate::config::identity
