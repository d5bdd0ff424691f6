#include "tools/console/console.h"

#include <chrono>

#include "tools/common/policy_loading.h"

namespace schoolgate::tools::console {

std::int64_t Console::now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock->wall_now().time_since_epoch()).count();
}

bool Console::audit(const std::string& who, const std::string& action, const std::string& what, const std::string& before,
                    const std::string& after) {
    return store->append_audit({now(), who, action, what, before, after}).ok();
}

namespace {

constexpr std::int64_t kNamesFreshSeconds = 60;

// The policy's users, then the directory's people (a directory entry names a person the policy may not list).
std::map<std::string, std::string, std::less<>> read_names(const Console& console) {
    std::map<std::string, std::string, std::less<>> names;
    const auto snapshot = load_policy_snapshot(console.config.policy_file, console.config.catalogue_file, 0);
    if (!snapshot) return names;  // a policy that does not load: ids are shown, the status page says why
    for (const auto& [id, user] : snapshot->policy->subjects().users()) {
        if (!user.display_name.empty()) names[id] = user.display_name;
    }
    for (const auto& person : snapshot->policy->directory().people()) {
        if (!person.display_name.empty()) names.try_emplace(person.username, person.display_name);
    }
    return names;
}

}  // namespace

std::string display_name(const Console& console, const std::string& person) {
    const std::lock_guard lock{console.names_mutex};
    const auto now = console.now();
    if (console.names_read_at < 0 || now - console.names_read_at >= kNamesFreshSeconds) {
        console.names = read_names(console);
        console.names_read_at = now;
    }
    const auto found = console.names.find(person);
    return found == console.names.end() ? person : found->second + " (" + person + ")";
}

}  // namespace schoolgate::tools::console
