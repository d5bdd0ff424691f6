#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "common/result.h"
#include "config/config_error.h"
#include "config/timetable/timetable_model.h"

namespace schoolgate::config::yaml {

/// Reads the `timetable:` mapping of a policy into a model: `school_hours`, `days`, `week` or `weeks`
/// (a Week A/B cycle), `terms`, `closures`, `special_days`. Shape only, strictly: unknown keys (weekday
/// names included) are errors with a did-you-mean, and required keys must be present. Times, dates and
/// references stay text for timetable::compile_timetable() to check. Mistakes are appended to `errors`,
/// paths starting "timetable.". Does not catch yaml-cpp exceptions: the caller's module edge does.
timetable::TimetableModel read_timetable(const YAML::Node& node, const std::string& file, ConfigErrors& errors);

/// Reads a timetable file (a policy's `timetable: FILE`, resolved): YAML whose only top-level key is
/// `timetable:`, read as above with every error naming `path`, its line and column. std::nullopt after
/// appending the error when the file cannot be read, is empty, or has no `timetable:` mapping. Catches
/// nothing: the caller's module edge does (as for the policy).
std::optional<timetable::TimetableModel> load_timetable_file(const std::string& path, ConfigErrors& errors);

/// Parses YAML text whose only top-level key is `timetable:` and reads it as above; every error is
/// reported with `file` as its file name and lines counted in `text`. Catches yaml-cpp's exceptions. For
/// tests and tools that hold a timetable on its own.
Result<timetable::TimetableModel, ConfigErrors> read_timetable_text(const std::string& text, const std::string& file);

}  // namespace schoolgate::config::yaml
