#include "gateway/events/async_event_writer.h"

#include <utility>

#include "gateway/events/event_json.h"
#include "gateway/events/log_file_name.h"
#include "gateway/events/syslog_copy.h"

namespace schoolgate::gateway::events {
namespace {

// How often an idle writer that owes a gap line wakes to try the file again. Real time only paces the
// wake-ups; whether a retry is due is RotatingFileLog's decision on the injected monotonic clock.
constexpr auto kIdleRetryWake = RotatingFileLog::kRetryInterval;

}  // namespace

AsyncEventWriter::AsyncEventWriter(EventLogConfig config, const time::Clock& clock)
    : config_(std::move(config)), clock_(clock),
      log_(config_.directory, config_.base_name, config_.max_file_bytes, clock_),
      sweeper_(config_.directory, config_.base_name, config_.retention_days) {
    if (config_.syslog) {
        const auto facility = parse_syslog_facility(config_.syslog_facility);
        if (facility) {
            syslog_ = std::make_unique<SyslogCopy>(facility.value());
        } else {
            set_error("events.syslog_facility: " + facility.error() + "; the syslog copy is off");
        }
    }
    const auto today = utc_day(clock_.wall_now());
    swept_day_ = today;
    const auto swept = sweeper_.sweep(today);
    files_deleted_ += swept.deleted.size();
    if (!swept.error.empty()) set_error(swept.error);
    note_log_failure(log_.open_now());
    after_write();
    writer_ = std::thread([this] { run(); });
}

AsyncEventWriter::~AsyncEventWriter() { stop(); }

void AsyncEventWriter::record(const VerdictEvent& event) noexcept { enqueue(to_json_line(event)); }

void AsyncEventWriter::record(const AlertEvent& event) noexcept { enqueue(to_json_line(event)); }

void AsyncEventWriter::enqueue(std::string line) noexcept {
    {
        const std::lock_guard lock{mutex_};
        if (stopping_) {
            ++lost_after_stop_;
            return;
        }
        if (queue_.size() >= config_.queue_capacity) {
            queue_losses_.add(clock_.wall_now());
            ++lost_queue_full_;
            return;
        }
        queue_.push_back(std::move(line));
        // The writer sleeps only on an empty queue: one wake-up per batch, not one per event.
        if (queue_.size() > 1) return;
    }
    work_ready_.notify_one();
}

void AsyncEventWriter::run() {
    std::unique_lock lock{mutex_};
    const auto ready = [this] {
        return !paused_ && (stopping_ || !queue_.empty() || queue_losses_.pending() ||
                            flush_served_ != flush_requested_);
    };
    for (;;) {
        if (owed_queue_full_.pending() || owed_write_failed_.pending()) {
            work_ready_.wait_for(lock, kIdleRetryWake, ready);  // on timeout: an empty round retries the gap
            if (paused_) continue;
        } else {
            work_ready_.wait(lock, ready);
        }
        batch_.swap(queue_);  // batch_ was left empty, so the queue starts again with no lines
        const LossLedger losses = std::exchange(queue_losses_, LossLedger{});
        const auto serving = flush_requested_;
        const bool last_round = stopping_;  // no line is queued once stopping_ is set
        lock.unlock();
        write_batch(losses);  // all file and syslog I/O happens here, without the lock
        batch_.clear();
        lock.lock();
        flush_served_ = serving;
        if (last_round) break;
        work_done_.notify_all();
    }
    writer_done_ = true;
    work_done_.notify_all();
}

void AsyncEventWriter::write_batch(const LossLedger& queue_losses) {
    for (const auto& line : batch_) write_event(line);
    // The lines lost to a full queue were recorded after every line of this batch (the queue was full of
    // them), so their gap goes after the batch.
    owed_queue_full_.merge(queue_losses);
    write_owed_gaps();
}

void AsyncEventWriter::write_event(const std::string& line) {
    if (write_owed_gaps() && write_to_log(line)) {
        ++written_;
    } else {
        owed_write_failed_.add(clock_.wall_now());
        ++lost_write_failed_;
    }
    // The syslog copy is a second channel: it gets the event even when the file could not take it.
    if (syslog_) syslog_->send(line);
    after_write();
}

bool AsyncEventWriter::write_to_log(std::string_view line) {
    auto written = log_.write_line(line);
    note_log_failure(written);
    return written.ok();
}

void AsyncEventWriter::note_log_failure(const Result<void, std::string>& outcome) {
    if (!outcome.ok()) last_log_error_ = outcome.error();
}

bool AsyncEventWriter::write_owed_gaps() {
    return write_gap(owed_queue_full_, "queue_full") && write_gap(owed_write_failed_, "write_failed");
}

bool AsyncEventWriter::write_gap(LossLedger& ledger, std::string_view cause) {
    if (!ledger.pending()) return true;
    const std::string line = gap_json_line(clock_.wall_now(), ledger.since(), ledger.lost(), cause);
    const bool written = write_to_log(line);
    if (written) {
        ledger.clear();
        ++gaps_written_;
        if (syslog_) syslog_->send(line);
    }
    after_write();
    return written;
}

void AsyncEventWriter::after_write() {
    files_opened_.store(log_.files_opened(), std::memory_order_relaxed);
    if (const auto errors = log_.write_errors(); errors != write_errors_.load(std::memory_order_relaxed)) {
        write_errors_.store(errors, std::memory_order_relaxed);
        set_error(last_log_error_);
    }
    // A new day's file was opened: the day before yesterday's files may now be past retention.
    const auto day = log_.current_day();
    if (day && day != swept_day_) {
        swept_day_ = day;
        const auto swept = sweeper_.sweep(*day);
        files_deleted_ += swept.deleted.size();
        if (!swept.error.empty()) set_error(swept.error);
    }
}

void AsyncEventWriter::flush() {
    std::unique_lock lock{mutex_};
    if (writer_done_) return;
    const auto ticket = ++flush_requested_;
    work_ready_.notify_one();
    work_done_.wait(lock, [&] { return flush_served_ >= ticket || writer_done_; });
}

void AsyncEventWriter::stop() {
    const std::lock_guard stop_lock{stop_mutex_};
    {
        const std::lock_guard lock{mutex_};
        stopping_ = true;
        paused_ = false;
    }
    work_ready_.notify_one();
    if (writer_.joinable()) writer_.join();
}

AsyncEventWriterStats AsyncEventWriter::stats() const {
    AsyncEventWriterStats result;
    result.written = written_.load(std::memory_order_relaxed);
    result.gaps_written = gaps_written_.load(std::memory_order_relaxed);
    result.lost_queue_full = lost_queue_full_.load(std::memory_order_relaxed);
    result.lost_write_failed = lost_write_failed_.load(std::memory_order_relaxed);
    result.lost_after_stop = lost_after_stop_.load(std::memory_order_relaxed);
    result.write_errors = write_errors_.load(std::memory_order_relaxed);
    result.files_opened = files_opened_.load(std::memory_order_relaxed);
    result.files_deleted = files_deleted_.load(std::memory_order_relaxed);
    const std::lock_guard lock{error_mutex_};
    result.last_error = last_error_;
    return result;
}

void AsyncEventWriter::pause_for_test() {
    const std::lock_guard lock{mutex_};
    paused_ = true;
}

void AsyncEventWriter::resume_for_test() {
    {
        const std::lock_guard lock{mutex_};
        paused_ = false;
    }
    work_ready_.notify_one();
}

void AsyncEventWriter::set_error(std::string message) {
    const std::lock_guard lock{error_mutex_};
    last_error_ = std::move(message);
}

}  // namespace schoolgate::gateway::events
