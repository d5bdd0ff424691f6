#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config {
class CompiledPolicy;
}

namespace schoolgate::config::yaml {

/// Files read instead of the ones the policy names, each when not empty: a changed exemptions or timetable
/// file is validated with the whole policy this way before it replaces the real one (errors name the
/// override's path; the caller renames it back).
struct FileOverrides {
    std::string exemptions;
    std::string timetable;
};

/// Reads the shipped service catalogue and then the school's policy file into a model, with the list files
/// their services name (`domains_file`, `ip_ranges_file`: config/yaml/list_file.h). Every mistake is
/// collected (file, line, column, key path, what to do) rather than stopping at the first. Shape only:
/// meaning (unknown services, unreachable rules, time zones) is checked by config::compile_policy().
/// Throws nothing: yaml-cpp's exceptions are caught here, at the module edge.
/// `exemptions_override`, when not empty, is read instead of the file the policy names (used to
/// validate a changed exemptions file before it replaces the real one).
Result<model::PolicyModel, ConfigErrors> load_policy(const std::string& policy_path,
                                                     const std::string& catalogue_path,
                                                     const std::string& exemptions_override = "");

/// What reading produced: the model as far as it could be read, the shape mistakes, and whether the
/// file was readable YAML at all (when not, the model is empty and meaningless).
struct ReadPolicy {
    model::PolicyModel model;
    ConfigErrors errors;
    bool readable = false;
};
ReadPolicy read_policy(const std::string& policy_path, const std::string& catalogue_path,
                       const std::string& exemptions_override = "");
ReadPolicy read_policy(const std::string& policy_path, const std::string& catalogue_path, const FileOverrides& overrides);

/// The catalogue alone, or with a trust's or school's additions file beside it (`additions_path`, may be
/// empty): a YAML file with `services:`, `groups:` and `references:` shaped as in the catalogue; its
/// services extend or join the catalogue's exactly as a policy's would. For `schoolgate catalogue`.
ReadPolicy read_catalogue_with(const std::string& catalogue_path, const std::string& additions_path);

/// Reads and compiles in one step, reporting the shape mistakes and the meaning mistakes together (sorted
/// by place) - the one error path shared by `schoolgate check`, every command, and the daemon's reload.
Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> load_and_compile_policy(
    const std::string& policy_path, const std::string& catalogue_path, const std::string& exemptions_override = "");
Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors> load_and_compile_policy(
    const std::string& policy_path, const std::string& catalogue_path, const FileOverrides& overrides);

/// The catalogue shipped with schoolgate: $SCHOOLGATE_DATA_DIR/catalogue/services.yaml, else the
/// installed data directory, else the source tree's config/catalogue/services.yaml.
std::string default_catalogue_path();

}  // namespace schoolgate::config::yaml
