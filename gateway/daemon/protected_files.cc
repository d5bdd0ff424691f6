#include "gateway/daemon/protected_files.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace schoolgate::gateway::daemon {

std::vector<std::string> files_to_protect(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy) {
    std::vector<std::string> files{daemon.source_file, daemon.policy_file};
    if (!policy.exemptions_file().empty()) files.push_back(policy.exemptions_file());
    files.insert(files.end(), policy.list_files().begin(), policy.list_files().end());
    if (!daemon.catalogue_file.empty()) files.push_back(daemon.catalogue_file);
    return files;
}

config::ConfigErrors unprotected_files(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy) {
    config::ConfigErrors errors;
    for (const auto& file : files_to_protect(daemon, policy)) {
        if (const auto safe = refuse_if_writable_by_others(file); !safe.ok()) {
            errors.push_back({file, 0, 0, "", safe.error().substr(file.size() + 2)});
        }
    }
    return errors;
}

Result<void, std::string> refuse_if_writable_by_others(const std::string& path) {
    using Outcome = Result<void, std::string>;
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return Outcome::failure(path + ": " + std::strerror(errno));
    if (info.st_mode & S_IWOTH) {
        return Outcome::failure(path + ": writable by every user on this machine, so anyone could change the "
                                       "school's filtering (fix: chmod o-w " + path + ")");
    }
    return Outcome::success();
}

}  // namespace schoolgate::gateway::daemon
