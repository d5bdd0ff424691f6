#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "gateway/time/clock.h"

namespace schoolgate::gateway::events {

/// Appends lines to the day's event log file, <directory>/<base_name>-YYYY-MM-DD.jsonl (the UTC day of the
/// clock's wall time), rolling to ...-YYYY-MM-DD.1.jsonl, .2.jsonl when the next line would pass
/// `max_file_bytes` and to the new day's file at midnight UTC.
///
/// Files are created mode 0640 whatever the umask (fchmod after open) and opened with O_NOFOLLOW; a log
/// directory that is world-writable, a file that is a symlink or not a regular file is refused. Each line
/// goes out with one write(), so a process killed mid-write leaves every earlier line whole; a short write
/// (disk full) is cut back with ftruncate so no half line stays. A file that does not end in a newline when
/// it is reopened (a crash cut its last line) is left alone and the next index is used.
///
/// After any failure the file is closed and nothing is tried again until one second of the clock's
/// monotonic time has passed: until then write_line() fails at once, without I/O, with the failure that
/// closed the file.
///
/// Not thread-safe: one thread (the event writer thread) uses it. The clock must outlive it.
class RotatingFileLog {
public:
    RotatingFileLog(std::string directory, std::string base_name, std::uint64_t max_file_bytes,
                    const time::Clock& clock);
    ~RotatingFileLog();
    RotatingFileLog(const RotatingFileLog&) = delete;
    RotatingFileLog& operator=(const RotatingFileLog&) = delete;

    /// Appends `line` and a newline (the line must not contain one). Success: the whole line is in the
    /// file. Failure: it is not there at all, and the error says why, for a person ("cannot open
    /// /var/log/schoolgate/events-2026-03-04.jsonl: ...").
    Result<void, std::string> write_line(std::string_view line);
    /// Opens today's file now (at start, so a bad directory is reported before the first event), unless a
    /// file is open or the retry interval has not passed. Success when a file is open afterwards.
    Result<void, std::string> open_now();

    /// The day of the open file; nullopt when none is open.
    std::optional<std::chrono::sys_days> current_day() const noexcept;
    /// Full path of the open file; empty when none is open.
    const std::string& current_path() const noexcept { return path_; }

    std::uint64_t files_opened() const noexcept { return files_opened_; }
    /// Failed opens and writes (each is one attempt; retries are at most one a second).
    std::uint64_t write_errors() const noexcept { return write_errors_; }

    static constexpr std::chrono::seconds kRetryInterval{1};

private:
    Result<void, std::string> open_for(std::chrono::sys_days day, std::size_t next_line_bytes);
    /// Opens (creating) the day's file `index`; `whole` is false when the file's last byte is not a newline.
    Result<void, std::string> open_file(int directory_fd, std::chrono::sys_days day, unsigned index, bool& whole);
    bool fits(std::size_t line_bytes) const noexcept;
    void close_file() noexcept;
    Result<void, std::string> fail(std::string message);
    /// Within the retry interval after a failure: that failure again, with no I/O.
    Result<void, std::string> not_yet() const { return Result<void, std::string>::failure(last_error_); }

    std::string directory_;
    std::string base_name_;
    std::uint64_t max_file_bytes_;
    const time::Clock& clock_;

    int fd_ = -1;
    std::chrono::sys_days day_{};
    unsigned index_ = 0;
    std::uint64_t size_ = 0;  // bytes in the open file: the length a short write is cut back to
    std::string path_;
    std::optional<time::MonotonicTime> retry_after_;
    std::string buffer_;

    std::uint64_t files_opened_ = 0;
    std::uint64_t write_errors_ = 0;
    std::string last_error_;  ///< the failure that closed the file, repeated by not_yet()
};

}  // namespace schoolgate::gateway::events
