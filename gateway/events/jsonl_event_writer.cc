#include "gateway/events/jsonl_event_writer.h"

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

void JsonlEventWriter::flush() noexcept { std::fflush(out_); }

}  // namespace schoolgate::gateway::events
