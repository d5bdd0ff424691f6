#include "gateway/events/retention_sweeper.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include "gateway/events/log_file_name.h"

namespace schoolgate::gateway::events {
namespace {

std::string error_text(int error) { return std::system_category().message(error); }

}  // namespace

RetentionSweeper::RetentionSweeper(std::string directory, std::string base_name, unsigned retention_days)
    : directory_(std::move(directory)), base_name_(std::move(base_name)), retention_days_(retention_days) {}

SweepResult RetentionSweeper::sweep(std::chrono::sys_days today) const {
    SweepResult result;
    if (retention_days_ == 0) return result;
    const auto oldest_kept = today - std::chrono::days{retention_days_};

    const int directory_fd = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory_fd < 0) {
        result.error = "cannot open log directory " + directory_ + " for the retention sweep: " + error_text(errno);
        return result;
    }
    // fdopendir() takes the descriptor; a second one stays ours for fstatat/unlinkat, so every name is
    // looked up in the directory we listed even if the path is swapped meanwhile.
    const int list_fd = ::dup(directory_fd);
    DIR* listing = list_fd >= 0 ? ::fdopendir(list_fd) : nullptr;
    if (listing == nullptr) {
        result.error = "cannot list " + directory_ + ": " + error_text(errno);
        if (list_fd >= 0) ::close(list_fd);
        ::close(directory_fd);
        return result;
    }
    // Names first, deletions after: readdir() is unspecified about entries removed while it runs.
    std::vector<std::string> old_names;
    while (const dirent* entry = ::readdir(listing)) {
        const auto name = parse_log_file_name(base_name_, entry->d_name);
        if (name && name->day < oldest_kept) old_names.emplace_back(entry->d_name);
    }
    ::closedir(listing);
    std::sort(old_names.begin(), old_names.end());

    for (const auto& name : old_names) {
        struct stat st {};
        if (::fstatat(directory_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
            continue;  // a symlink, directory or FIFO with a log file's name is not ours to delete
        }
        // unlinkat() never follows the last component and, without AT_REMOVEDIR, fails on a directory,
        // so a name swapped for a symlink or directory since the check is still never a way to delete
        // anything else.
        if (::unlinkat(directory_fd, name.c_str(), 0) == 0) {
            result.deleted.push_back(name);
        } else {
            result.error = "cannot delete " + directory_ + "/" + name + ": " + error_text(errno);
        }
    }
    ::close(directory_fd);
    return result;
}

}  // namespace schoolgate::gateway::events
