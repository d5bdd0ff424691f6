#include "tools/console/timetable_view.h"

#include "config/yaml/policy_loader.h"

namespace schoolgate::tools::console {

TimetableFile read_timetable_file(const Console& console) {
    TimetableFile out;
    out.policy = console.config.policy_file;
    const auto catalogue =
        console.config.catalogue_file.empty() ? config::yaml::default_catalogue_path() : console.config.catalogue_file;
    auto read = config::yaml::read_policy(console.config.policy_file, catalogue);
    out.file = read.model.timetable_file;
    out.inline_timetable = out.file.empty() && read.model.timetable.has_value();
    out.model = std::move(read.model.timetable);
    out.errors = std::move(read.errors);
    if (!out.file.empty()) out.digest = file_digest(out.file);
    return out;
}

bool may_edit_timetable(const Caller& caller) { return role_may(caller.account.role, Access::Request); }

TimetableChangeContext timetable_context(const Console& console, const Caller& caller, const std::string& digest) {
    const nlohmann::json who = {{"console_account", caller.account.name}, {"role", role_name(caller.account.role)}};
    return {console.config.policy_file, console.config.catalogue_file, caller.account.name, who, digest, false};
}

}  // namespace schoolgate::tools::console
