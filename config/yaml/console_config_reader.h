#pragma once

#include <string>

#include "common/result.h"
#include "config/config_error.h"
#include "config/model/console_model.h"

namespace schoolgate::config::yaml {

/// Reads console.yaml strictly (unknown keys, wrong shapes, out-of-range numbers and a plain-HTTP listen
/// address that is not loopback are errors, all reported at once with file, line and column). Relative
/// paths are resolved against the file's directory.
Result<model::ConsoleModel, ConfigErrors> load_console_config(const std::string& path);

/// "ADDRESS:PORT" (IPv4, or [IPv6]:PORT) split; false when malformed.
bool split_listen(const std::string& text, std::string& address, std::uint16_t& port);

/// 127.0.0.0/8, ::1 or "localhost".
bool is_loopback_address(const std::string& address);

}  // namespace schoolgate::config::yaml
