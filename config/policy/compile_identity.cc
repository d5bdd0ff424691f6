#include "config/policy/compile_steps.h"
#include "config/suggest.h"

namespace schoolgate::config::detail {

// The directory's roles must be the policy's, and its people must not be the policy's users under another
// role: the policy's own users: and devices: stay the first word (docs/policy.md, "Identity").
std::shared_ptr<const identity::Directory> compile_identity(const model::PolicyModel& model, const SubjectIndex& subjects,
                                                            ConfigErrors& errors) {
    const auto& directory = model.identity.directory;
    if (!directory) return std::make_shared<const identity::Directory>();
    const std::vector<std::string_view> roles{subjects.roles().begin(), subjects.roles().end()};
    for (const auto& person : directory->people()) {
        if (!subjects.has_role(person.role)) {
            errors.push_back({directory->file(), static_cast<int>(person.line), static_cast<int>(person.role_column),
                              "identity.directory", "unknown role '" + person.role + "' for " + person.username + " (" +
                                                        did_you_mean(person.role, roles) + "use " + one_of(roles) +
                                                        ", or add the role under 'roles:')"});
        }
    }
    return directory;
}

}  // namespace schoolgate::config::detail
