#include "gateway/events/rotating_file_log.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

#include "gateway/events/log_file_name.h"

namespace schoolgate::gateway::events {
namespace {

using Written = Result<void, std::string>;

// Event lines are personal data about children: owner read-write, group (the e-safety officer's tools)
// read, nobody else.
constexpr mode_t kFileMode = 0640;
// O_NOFOLLOW: a symlink planted in the log directory must not redirect evidence (or truncation) elsewhere.
// O_NONBLOCK: a FIFO planted there must not hang the writer in open(); it is refused as not a regular file.
constexpr int kOpenFlags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
// Bounds the search for the day's newest file; far beyond what any real max_file_bytes produces.
constexpr unsigned kMaxFilesPerDay = 100000;

std::string error_text(int error) { return std::system_category().message(error); }

class FdCloser {
public:
    explicit FdCloser(int fd) noexcept : fd_(fd) {}
    ~FdCloser() {
        if (fd_ >= 0) ::close(fd_);
    }
    FdCloser(const FdCloser&) = delete;
    FdCloser& operator=(const FdCloser&) = delete;
    int release() noexcept { return std::exchange(fd_, -1); }

private:
    int fd_;
};

bool exists(int directory_fd, const std::string& name) noexcept {
    struct stat st {};
    return ::fstatat(directory_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

// The append descriptor is write-only, so the last byte is read through a second, read-only open of the
// same name, checked to be the same file.
bool ends_with_newline(int directory_fd, const std::string& name, const struct stat& file) noexcept {
    if (file.st_size == 0) return true;
    const int fd = ::openat(directory_fd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return false;
    const FdCloser closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_dev != file.st_dev || st.st_ino != file.st_ino) return false;
    char last = 0;
    return ::pread(fd, &last, 1, file.st_size - 1) == 1 && last == '\n';
}

}  // namespace

RotatingFileLog::RotatingFileLog(std::string directory, std::string base_name, std::uint64_t max_file_bytes,
                                 const time::Clock& clock)
    : directory_(std::move(directory)), base_name_(std::move(base_name)), max_file_bytes_(max_file_bytes),
      clock_(clock) {}

RotatingFileLog::~RotatingFileLog() { close_file(); }

std::optional<std::chrono::sys_days> RotatingFileLog::current_day() const noexcept {
    if (fd_ < 0) return std::nullopt;
    return day_;
}

Result<void, std::string> RotatingFileLog::open_now() {
    if (fd_ >= 0) return Written::success();
    if (retry_after_ && clock_.monotonic_now() < *retry_after_) return not_yet();
    return open_for(utc_day(clock_.wall_now()), 0);
}

Result<void, std::string> RotatingFileLog::write_line(std::string_view line) {
    const auto day = utc_day(clock_.wall_now());
    const std::size_t bytes = line.size() + 1;
    if (fd_ < 0 || day != day_ || !fits(bytes)) {
        // fail() always closes the file, so a failure is always retried through this gate.
        if (fd_ < 0 && retry_after_ && clock_.monotonic_now() < *retry_after_) return not_yet();
        if (auto opened = open_for(day, bytes); !opened.ok()) return opened;
    }
    buffer_.assign(line);
    buffer_.push_back('\n');
    // One write() per line: the kernel appends it at the end of the file in one piece (O_APPEND), so a
    // kill between lines never leaves a line without its newline.
    ssize_t written = 0;
    do {
        written = ::write(fd_, buffer_.data(), buffer_.size());
    } while (written < 0 && errno == EINTR);
    if (written >= 0 && static_cast<std::size_t>(written) == buffer_.size()) {
        size_ += buffer_.size();
        return Written::success();
    }
    if (written < 0) return fail("cannot write to " + path_ + ": " + error_text(errno));
    // A short write (disk full, file size limit): cut the half line back off, or the next line would be
    // glued to it and both would be lost to a JSON reader.
    std::string message = "short write to " + path_ + " (" + std::to_string(written) + " of " +
                          std::to_string(buffer_.size()) + " bytes; is the disk full?)";
    if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) {
        message += "; cannot cut the half line back: " + error_text(errno);
    }
    return fail(message);
}

bool RotatingFileLog::fits(std::size_t line_bytes) const noexcept {
    // A line longer than max_file_bytes still goes out, alone in a fresh file.
    return size_ == 0 || size_ + line_bytes <= max_file_bytes_;
}

Result<void, std::string> RotatingFileLog::open_for(std::chrono::sys_days day, std::size_t next_line_bytes) {
    // The directory is opened afresh each time: it may have been replaced (remounted, recreated) since.
    const int directory_fd = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory_fd < 0) return fail("cannot open log directory " + directory_ + ": " + error_text(errno));
    const FdCloser directory_closer{directory_fd};
    struct stat st {};
    if (::fstat(directory_fd, &st) != 0) return fail("cannot stat " + directory_ + ": " + error_text(errno));
    if ((st.st_mode & S_IWOTH) != 0) {
        return fail("log directory " + directory_ +
                    " is world-writable (anyone could replace or remove the evidence; chmod o-w " + directory_ +
                    ")");
    }
    unsigned index = 0;
    if (fd_ >= 0 && day == day_) {
        index = index_ + 1;  // the open file is full
    } else {
        // At start or on a new day, continue the day's newest file (a restart must not rewrite .0).
        while (index + 1 < kMaxFilesPerDay && exists(directory_fd, log_file_name(base_name_, day, index + 1))) {
            ++index;
        }
    }
    close_file();
    for (; index < kMaxFilesPerDay; ++index) {
        bool whole = true;
        if (auto opened = open_file(directory_fd, day, index, whole); !opened.ok()) return opened;
        if (whole && fits(next_line_bytes)) return Written::success();
        close_file();  // full, or its last line was cut by a crash: never append after a half line
    }
    return fail("more than " + std::to_string(kMaxFilesPerDay) + " event log files for " + format_day(day) +
                " in " + directory_ + " (raise max_file_bytes)");
}

Result<void, std::string> RotatingFileLog::open_file(int directory_fd, std::chrono::sys_days day, unsigned index, bool& whole) {
    const std::string name = log_file_name(base_name_, day, index);
    const std::string path = directory_ + "/" + name;
    const int fd = ::openat(directory_fd, name.c_str(), kOpenFlags, kFileMode);
    if (fd < 0) {
        if (errno == ELOOP) return fail(path + " is a symlink (refusing to follow it; remove it)");
        return fail("cannot open " + path + ": " + error_text(errno));
    }
    FdCloser closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return fail("cannot stat " + path + ": " + error_text(errno));
    if (!S_ISREG(st.st_mode)) return fail(path + " is not a regular file (remove it)");
    // The mode given to open() is narrowed by the umask and ignored for an existing file: set it outright.
    if (::fchmod(fd, kFileMode) != 0) return fail("cannot set mode 0640 on " + path + ": " + error_text(errno));
    whole = ends_with_newline(directory_fd, name, st);
    fd_ = closer.release();
    day_ = day;
    index_ = index;
    size_ = static_cast<std::uint64_t>(st.st_size);
    path_ = path;
    retry_after_.reset();
    ++files_opened_;
    return Written::success();
}

void RotatingFileLog::close_file() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    path_.clear();
}

Result<void, std::string> RotatingFileLog::fail(std::string message) {
    close_file();
    ++write_errors_;
    last_error_ = message;
    retry_after_ = clock_.monotonic_now() + kRetryInterval;
    return Written::failure(std::move(message));
}

}  // namespace schoolgate::gateway::events
