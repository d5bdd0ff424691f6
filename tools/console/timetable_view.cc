#include "tools/console/timetable_view.h"

#include "config/yaml/policy_loader.h"
#include "config/yaml/timetable_reader.h"

namespace schoolgate::tools::console {

TimetableFile read_timetable_file(const Console& console) {
    TimetableFile out;
    out.policy = console.config.policy_file;
    const auto catalogue =
        console.config.catalogue_file.empty() ? config::yaml::default_catalogue_path() : console.config.catalogue_file;
    auto read = config::yaml::read_policy(console.config.policy_file, catalogue);
    out.file = read.model.timetable_file;
    out.inline_timetable = out.file.empty() && read.model.timetable.has_value();
    out.errors = std::move(read.errors);
    if (out.file.empty()) {
        out.model = std::move(read.model.timetable);
        return out;
    }
    // The model the forms index and the digest they carry come from one read of the file's bytes: read twice,
    // a change in between would let a form made on the old model pass the stale check.
    const auto bytes = read_file_text(out.file);
    if (!bytes) return out;
    out.digest = text_digest(*bytes);
    auto model = config::yaml::read_timetable_text(*bytes, out.file);
    if (model.ok()) {
        out.model = std::move(model.value());
    } else if (file_digest(out.file) == out.digest) {
        out.model = std::move(read.model.timetable);  // a file with mistakes, unchanged since: the policy read's model, shown to be fixed
    }
    return out;
}

bool may_edit_timetable(const Caller& caller) { return role_may(caller.account.role, Access::Request); }

TimetableChangeContext timetable_context(const Console& console, const Caller& caller, const std::string& digest) {
    const nlohmann::json who = {{"console_account", caller.account.name}, {"role", role_name(caller.account.role)}};
    return {console.config.policy_file, console.config.catalogue_file, caller.account.name, who, digest, false, true};
}

}  // namespace schoolgate::tools::console
