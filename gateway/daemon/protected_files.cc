#include "gateway/daemon/protected_files.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace schoolgate::gateway::daemon {

namespace {

std::string user_name(uid_t uid) {
    const passwd* account = ::getpwuid(uid);
    return account ? std::string{account->pw_name} : "uid " + std::to_string(uid);
}

std::string group_name(gid_t gid) {
    const group* entry = ::getgrgid(gid);
    return entry ? std::string{entry->gr_name} : "gid " + std::to_string(gid);
}

bool trusted(uid_t uid, const std::vector<uid_t>& owners) {
    return std::find(owners.begin(), owners.end(), uid) != owners.end();
}

// The file itself: owned by a trusted user, and writable by nobody else (neither its group nor everyone).
Result<void, std::string> judge_file(const std::string& path, const struct stat& info, const std::vector<uid_t>& owners) {
    using Outcome = Result<void, std::string>;
    const std::string why = ", so anyone could change the school's filtering";
    if (info.st_mode & S_IWOTH) {
        return Outcome::failure(path + ": writable by every user on this machine" + why + " (fix: chmod o-w " + path + ")");
    }
    if (info.st_mode & S_IWGRP) {
        return Outcome::failure(path + ": writable by group " + group_name(info.st_gid) +
                                ", so its members could change the school's filtering (fix: chmod g-w " + path + ")");
    }
    if (!trusted(info.st_uid, owners)) {
        return Outcome::failure(path + ": owned by " + user_name(info.st_uid) + ", who could change the school's " +
                                "filtering (fix: chown root " + path + ")");
    }
    return Outcome::success();
}

// A directory on the way to the file: whoever can write it can rename the file away and put their own in
// its place. Trusted when owned by a trusted user and writable by no one else, or, like /tmp, owned by root
// with the sticky bit (then only the file's own, trusted, owner or root can rename or remove it).
Result<void, std::string> judge_directory(const std::string& path, const std::filesystem::path& directory,
                                          const std::vector<uid_t>& owners) {
    using Outcome = Result<void, std::string>;
    const std::string dir = directory.string();
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0) return Outcome::failure(path + ": " + dir + ": " + std::strerror(errno));
    if (!trusted(info.st_uid, owners)) {
        return Outcome::failure(path + ": its directory " + dir + " is owned by " + user_name(info.st_uid) +
                                ", who could replace the file (fix: chown root " + dir + ")");
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) == 0) return Outcome::success();
    if ((info.st_mode & S_ISVTX) != 0 && info.st_uid == 0) return Outcome::success();
    const std::string who = (info.st_mode & S_IWOTH) ? "every user" : "group " + group_name(info.st_gid);
    return Outcome::failure(path + ": its directory " + dir + " is writable by " + who +
                            ", who could replace the file (fix: chmod go-w " + dir + ")");
}

// Every directory from the file's up to /, both as named and after symbolic links are resolved.
std::vector<std::filesystem::path> directories_above(const std::string& path) {
    std::set<std::filesystem::path> seen;
    std::vector<std::filesystem::path> directories;
    std::error_code ignored;  // a path that cannot be resolved is judged as named
    for (const auto& start : {std::filesystem::absolute(path, ignored).lexically_normal(),
                              std::filesystem::weakly_canonical(path, ignored)}) {
        for (auto directory = start.parent_path(); !directory.empty(); directory = directory.parent_path()) {
            if (seen.insert(directory).second) directories.push_back(directory);
            if (directory == directory.root_path()) break;
        }
    }
    return directories;
}

}  // namespace

std::vector<std::string> files_to_protect(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy) {
    std::vector<std::string> files{daemon.source_file, daemon.policy_file};
    if (!policy.exemptions_file().empty()) files.push_back(policy.exemptions_file());
    if (!policy.timetable_file().empty()) files.push_back(policy.timetable_file());
    files.insert(files.end(), policy.list_files().begin(), policy.list_files().end());
    if (!daemon.catalogue_file.empty()) files.push_back(daemon.catalogue_file);
    // Who is who is policy too: a directory anyone could edit would hand a pupil the head's role, and the
    // RADIUS secret is what makes accounting packets believable. Lease files are another daemon's output
    // (dnsmasq, Kea), owned by it: they are read as evidence, never trusted to give a role (resolve_subject).
    const auto& identity = policy.identity();
    if (!identity.directory_csv.empty()) files.push_back(identity.directory_csv);
    if (identity.radius && !identity.radius->secret_file.empty()) files.push_back(identity.radius->secret_file);
    return files;
}

std::vector<uid_t> trusted_owners(const std::string& daemon_user) {
    std::vector<uid_t> owners{0, ::geteuid()};
    if (!daemon_user.empty()) {
        if (const passwd* account = ::getpwnam(daemon_user.c_str())) owners.push_back(account->pw_uid);
    }
    return owners;
}

config::ConfigErrors unprotected_files(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy) {
    config::ConfigErrors errors;
    const auto owners = trusted_owners(daemon.user);
    for (const auto& file : files_to_protect(daemon, policy)) {
        if (const auto safe = refuse_if_untrusted(file, owners); !safe.ok()) {
            errors.push_back({file, 0, 0, "", safe.error().substr(file.size() + 2)});
        }
    }
    return errors;
}

Result<void, std::string> refuse_if_untrusted(const std::string& path, const std::vector<uid_t>& owners) {
    using Outcome = Result<void, std::string>;
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return Outcome::failure(path + ": " + std::strerror(errno));
    if (auto file = judge_file(path, info, owners); !file.ok()) return file;
    for (const auto& directory : directories_above(path)) {
        if (auto judged = judge_directory(path, directory, owners); !judged.ok()) return judged;
    }
    return Outcome::success();
}

}  // namespace schoolgate::gateway::daemon
