#include "tools/common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace schoolgate::tools {

Result<FileLock, std::string> FileLock::acquire(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Result<FileLock, std::string>::failure("cannot open the lock " + path + ": " + std::strerror(errno));
    int locked = 0;
    do {
        locked = ::flock(fd, LOCK_EX);
    } while (locked != 0 && errno == EINTR);
    if (locked != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return Result<FileLock, std::string>::failure("cannot lock " + path + ": " + why);
    }
    return Result<FileLock, std::string>::success(FileLock{fd});
}

FileLock::~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace schoolgate::tools
