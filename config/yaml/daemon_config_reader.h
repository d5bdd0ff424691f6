#pragma once

#include <string>

#include "common/result.h"
#include "config/config_error.h"
#include "config/model/daemon_model.h"

namespace schoolgate::config::yaml {

/// Reads schoolgated.yaml strictly (unknown keys, wrong shapes and out-of-range numbers are errors, all
/// reported at once with file, line and column). Relative paths are resolved against the file's directory.
/// Does not load the policy it names: the daemon does that through load_and_compile_policy().
Result<model::DaemonModel, ConfigErrors> load_daemon_config(const std::string& path);

}  // namespace schoolgate::config::yaml
