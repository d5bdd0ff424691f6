#pragma once

#include <string>

#include "common/result.h"

namespace schoolgate::tools {

/// An exclusive advisory lock (flock) on `path` (created 0600 if missing), held until destruction. Every
/// `schoolgate exempt` change holds the exemptions file's lock across read, validate, audit and write, so
/// that two officers' changes made at the same moment are applied one after the other, neither lost.
class FileLock {
public:
    /// Waits for the lock. Fails with the reason when the lock file cannot be opened or locked.
    static Result<FileLock, std::string> acquire(const std::string& path);

    FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    FileLock& operator=(FileLock&&) = delete;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd) noexcept : fd_(fd) {}
    int fd_;
};

}  // namespace schoolgate::tools
