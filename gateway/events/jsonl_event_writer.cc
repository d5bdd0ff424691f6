#include "gateway/events/jsonl_event_writer.h"

#include <cerrno>
#include <cstring>

#include "gateway/events/event_json.h"

namespace schoolgate::gateway::events {

void JsonlEventWriter::record(const VerdictEvent& event) {
    buffer_.clear();
    append_json_line(event, buffer_);
    write_buffer();
}

void JsonlEventWriter::record(const AlertEvent& event) {
    buffer_.clear();
    append_json_line(event, buffer_);
    write_buffer();
}

void JsonlEventWriter::write_buffer() {
    buffer_.push_back('\n');
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), out_) == buffer_.size()) {
        ++written_;
    } else {
        ++failed_;
    }
}

Result<void, std::string> JsonlEventWriter::flush() noexcept {
    using Outcome = Result<void, std::string>;
    if (std::fflush(out_) != 0) {
        return Outcome::failure(std::string{"events could not all be written: "} + std::strerror(errno) +
                                " (is the disk full?)");
    }
    // The flush worked but an earlier write on this stream did not (its errno is long gone).
    if (std::ferror(out_)) return Outcome::failure("events could not all be written (is the disk full?)");
    return Outcome::success();
}

}  // namespace schoolgate::gateway::events
