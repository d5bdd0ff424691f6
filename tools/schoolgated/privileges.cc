#include "tools/schoolgated/privileges.h"

#include <cap-ng.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace schoolgate::tools::daemon {

namespace {
using Outcome = Result<void, std::string>;
}  // namespace

Result<void, std::string> drop_privileges(const std::string& user, const std::vector<std::string>& keep_capabilities) {
    errno = 0;
    const passwd* account = ::getpwnam(user.c_str());
    if (!account) {
        return Outcome::failure("user '" + user + "' does not exist (create it: adduser --system --group " + user + ")");
    }
    capng_clear(CAPNG_SELECT_BOTH);
    for (const auto& name : keep_capabilities) {
        const int capability = capng_name_to_capability(name.c_str());
        if (capability < 0) return Outcome::failure("unknown capability '" + name + "'");
        // Unchecked, a failure here would only show later, as a queue the daemon is not allowed to answer.
        if (capng_update(CAPNG_ADD, static_cast<capng_type_t>(CAPNG_EFFECTIVE | CAPNG_PERMITTED),
                         static_cast<unsigned>(capability)) != 0) {
            return Outcome::failure("could not keep capability '" + name + "' (libcap-ng capng_update)");
        }
    }
    if (const int status = capng_change_id(static_cast<int>(account->pw_uid), static_cast<int>(account->pw_gid),
                                           static_cast<capng_flags_t>(CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING));
        status != 0) {
        return Outcome::failure("could not become user '" + user + "' (libcap-ng capng_change_id: " +
                                std::to_string(status) + ")");
    }
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        return Outcome::failure(std::string{"no_new_privs: "} + std::strerror(errno));
    }
    return Outcome::success();
}

}  // namespace schoolgate::tools::daemon
