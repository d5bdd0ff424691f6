#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gateway/events/event_log_config.h"
#include "gateway/events/event_sink.h"
#include "gateway/events/loss_ledger.h"
#include "gateway/events/retention_sweeper.h"
#include "gateway/events/rotating_file_log.h"
#include "gateway/time/clock.h"

namespace schoolgate::gateway::events {

class SyslogCopy;

/// Counters of the production event log, read one by one (each is exact, the set is not one snapshot).
struct AsyncEventWriterStats {
    std::uint64_t written = 0;            ///< event lines written to the file (gap lines not included)
    std::uint64_t gaps_written = 0;       ///< `gap` lines written
    std::uint64_t lost_queue_full = 0;    ///< events dropped because the queue was full
    std::uint64_t lost_write_failed = 0;  ///< events that could not be written to the file
    std::uint64_t lost_after_stop = 0;    ///< events recorded after stop()
    std::uint64_t write_errors = 0;       ///< failed opens and writes (at most one try a second)
    std::uint64_t files_opened = 0;
    std::uint64_t files_deleted = 0;      ///< by the retention sweep
    std::string last_error;               ///< the last failure, for a person; empty when none yet
};

/// The daemon's event log: packet threads record(), one writer thread writes the lines to a
/// RotatingFileLog (and, when configured, a syslog copy), and a RetentionSweeper deletes old days at start
/// and whenever a new day's file is opened.
///
/// record() never blocks on I/O: it serialises the event on the caller's thread and appends the line to a
/// bounded queue (`queue_capacity` lines) under a mutex that the writer thread holds only to swap buffers.
/// When the queue is full the event is counted as lost; after the queued lines the writer writes a `gap`
/// event with the exact number lost and the time of the first loss. Events that cannot be written (disk
/// full, read-only directory) are counted too, and a `gap` event precedes the first line written once the
/// file works again (tried at most once a second of the clock's monotonic time, also when idle).
///
/// Construction sweeps old files and opens today's file on the calling thread, so a bad directory shows at
/// once in stats().last_error (the daemon may refuse to start on it). Check the config first with
/// check_event_log_config(); an invalid syslog facility here turns the syslog copy off (and says so in
/// last_error). The clock is used from the writer thread too: it must be thread-safe (SystemClock is) and
/// outlive the writer. record(), flush(), stats() and stop() may be called from any thread.
class AsyncEventWriter final : public EventSink {
public:
    AsyncEventWriter(EventLogConfig config, const time::Clock& clock);
    ~AsyncEventWriter() override;  ///< calls stop()
    AsyncEventWriter(const AsyncEventWriter&) = delete;
    AsyncEventWriter& operator=(const AsyncEventWriter&) = delete;

    void record(const VerdictEvent& event) noexcept override;
    void record(const AlertEvent& event) noexcept override;

    /// Returns when every event recorded before the call has been written or counted as lost (and any gap
    /// event owed could be tried). For tests and SIGHUP; returns at once after stop().
    void flush();
    /// Writes everything queued, then joins the writer thread. Idempotent; later record()s are counted in
    /// lost_after_stop.
    void stop();

    AsyncEventWriterStats stats() const;

    /// Test hooks: while paused the writer thread takes nothing from the queue, so a test can fill it
    /// exactly. stop() ends a pause.
    void pause_for_test();
    void resume_for_test();

private:
    void enqueue(std::string line) noexcept;
    void run();
    void write_batch(const LossLedger& queue_losses);
    void write_event(const std::string& line);
    bool write_owed_gaps();
    bool write_gap(LossLedger& ledger, std::string_view cause);
    /// Writes one line to the file; a failure's message is kept for after_write() to publish.
    bool write_to_log(std::string_view line);
    void note_log_failure(const Result<void, std::string>& outcome);
    void after_write();
    void set_error(std::string message);

    const EventLogConfig config_;
    const time::Clock& clock_;

    // Writer thread only (and the constructor, before the thread starts).
    RotatingFileLog log_;
    RetentionSweeper sweeper_;
    std::unique_ptr<SyslogCopy> syslog_;
    std::vector<std::string> batch_;
    LossLedger owed_queue_full_;    // queue losses whose gap line is not written yet
    LossLedger owed_write_failed_;  // write failures whose gap line is not written yet
    std::optional<std::chrono::sys_days> swept_day_;
    std::string last_log_error_;  // the file's latest failure, published by after_write() when it is new

    // Guarded by mutex_.
    mutable std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable work_done_;
    std::vector<std::string> queue_;
    LossLedger queue_losses_;
    std::uint64_t flush_requested_ = 0;
    std::uint64_t flush_served_ = 0;
    bool paused_ = false;
    bool stopping_ = false;
    bool writer_done_ = false;

    std::mutex stop_mutex_;  // serialises stop() callers around join()
    std::thread writer_;

    std::atomic<std::uint64_t> written_{0};
    std::atomic<std::uint64_t> gaps_written_{0};
    std::atomic<std::uint64_t> lost_queue_full_{0};
    std::atomic<std::uint64_t> lost_write_failed_{0};
    std::atomic<std::uint64_t> lost_after_stop_{0};
    std::atomic<std::uint64_t> write_errors_{0};
    std::atomic<std::uint64_t> files_opened_{0};
    std::atomic<std::uint64_t> files_deleted_{0};
    mutable std::mutex error_mutex_;
    std::string last_error_;
};

}  // namespace schoolgate::gateway::events
