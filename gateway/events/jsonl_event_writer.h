#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "common/result.h"
#include "gateway/events/event_sink.h"

namespace schoolgate::gateway::events {

/// Writes one JSON line per event to a stdio stream (a file or stdout), each line written whole with one
/// fwrite so that a crash leaves earlier lines intact. Counts lines that could not be written.
class JsonlEventWriter final : public EventSink {
public:
    /// Does not take ownership of `out`.
    explicit JsonlEventWriter(std::FILE* out) noexcept : out_(out) {}

    void record(const VerdictEvent& event) override;
    void record(const AlertEvent& event) override;
    /// Pushes out what stdio still holds. A stream buffers, so a full disk often shows only here, after
    /// every fwrite "succeeded": the error says so, and covers anything else written to the same stream
    /// (stdio's error flag is sticky).
    Result<void, std::string> flush() noexcept;

    std::uint64_t written() const noexcept { return written_; }
    std::uint64_t failed() const noexcept { return failed_; }

private:
    /// Writes buffer_ (one line, without its newline) with one fwrite.
    void write_buffer();

    std::FILE* out_;
    std::string buffer_;  ///< reused for every line: no allocation per event once it has grown
    std::uint64_t written_ = 0;
    std::uint64_t failed_ = 0;
};

}  // namespace schoolgate::gateway::events
