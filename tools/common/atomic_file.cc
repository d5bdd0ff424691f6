#include "tools/common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace schoolgate::tools {

namespace {

using Written = Result<void, std::string>;

std::string failure(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

bool write_all(int fd, const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

Written replace_file_atomically(const std::string& path, const std::string& contents, unsigned mode) {
    namespace fs = std::filesystem;
    const fs::path target{path};
    const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path{"."};
    std::string temporary = (directory / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0) return Written::failure(failure("cannot create a temporary file beside", path));
    // A file that exists keeps its owner, group and mode (root:schoolgate 0640 on a gateway, so that the
    // daemon can still read it), never widened to other users' writing.
    struct stat existing {};
    bool kept = true;
    if (::stat(path.c_str(), &existing) == 0) {
        mode = existing.st_mode & 07777 & ~static_cast<unsigned>(S_IWOTH);
        kept = ::fchown(fd, existing.st_uid, existing.st_gid) == 0 || errno == EPERM;
    }
    const bool written = kept && ::fchmod(fd, mode) == 0 && write_all(fd, contents) && ::fsync(fd) == 0;
    const std::string write_error = written ? "" : failure("cannot write", temporary);
    ::close(fd);
    if (!written) {
        ::unlink(temporary.c_str());
        return Written::failure(write_error);
    }
    // The backup is a promise to the person editing (the header says so): no backup, no change.
    if (std::error_code ec; fs::exists(target) &&
                            !fs::copy_file(target, path + ".bak", fs::copy_options::overwrite_existing, ec)) {
        ::unlink(temporary.c_str());
        return Written::failure("cannot keep a backup " + path + ".bak: " + ec.message());
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const auto error = failure("cannot replace", path);
        ::unlink(temporary.c_str());
        return Written::failure(error);
    }
    // The rename is durable only once the directory entry is on disk. Not an error if that fails: the file
    // is already replaced, and a crash before the entry reaches the disk leaves the old file, one of the two
    // outcomes this function promises; failing here would only stop the caller recording a change it made.
    if (const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return Written::success();
}

Written append_line(const std::string& path, const std::string& line, unsigned mode) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode);
    if (fd < 0) return Written::failure(failure("cannot open", path));
    const bool ok = write_all(fd, line + "\n") && ::fsync(fd) == 0;
    const std::string error = ok ? "" : failure("cannot append to", path);
    ::close(fd);
    return ok ? Written::success() : Written::failure(error);
}

}  // namespace schoolgate::tools
