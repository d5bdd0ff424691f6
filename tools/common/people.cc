#include "tools/common/people.h"

namespace schoolgate::tools {

std::string display_name(const config::CompiledPolicy& policy, std::string_view user) {
    if (user.empty()) return "";
    if (const auto* person = policy.directory().find_user(user)) return person->display_name;
    const auto& users = policy.subjects().users();
    if (const auto it = users.find(std::string{user}); it != users.end()) return it->second.display_name;
    return "";
}

std::string user_with_name(const config::CompiledPolicy& policy, std::string_view user) {
    const auto name = display_name(policy, user);
    if (name.empty() || name == user) return std::string{user};
    return std::string{user} + " (" + name + ")";
}

}  // namespace schoolgate::tools
