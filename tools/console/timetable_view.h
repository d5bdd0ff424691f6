#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/timetable/timetable_model.h"
#include "tools/common/timetable_change.h"
#include "tools/console/routes.h"

namespace schoolgate::tools::console {

/// The timetable as its file is written now, for the Timetable pages: the model in file order (the forms'
/// indices), where it lives and the file's digest (carried by every form for the stale-edit check).
struct TimetableFile {
    std::string policy;
    std::string file;             ///< the timetable's own file; empty when inline
    bool inline_timetable = false;
    std::optional<config::timetable::TimetableModel> model;
    std::string digest;
    config::ConfigErrors errors;  ///< why the policy (with its timetable) does not read, if it does not
};
TimetableFile read_timetable_file(const Console& console);

/// Whether the caller may change the timetable: headteacher and dsl (Access::Request); others read.
bool may_edit_timetable(const Caller& caller);

/// The change context for the caller's account, with the digest the form carried.
TimetableChangeContext timetable_context(const Console& console, const Caller& caller, const std::string& digest);

}  // namespace schoolgate::tools::console
