#pragma once

#include <mutex>

#include "gateway/events/event_sink.h"

namespace schoolgate::gateway::events {

/// Lets several workers record into one sink that is not thread-safe itself (replay's file writer): one
/// event at a time, in the order the workers reach the lock. Events are rare next to packets (one per
/// decided flow at most), so the lock is not on the per-packet path.
class SerializedEventSink final : public EventSink {
public:
    explicit SerializedEventSink(EventSink& sink) noexcept : sink_(sink) {}

    void record(const VerdictEvent& event) override {
        const std::lock_guard lock{mutex_};
        sink_.record(event);
    }
    void record(const AlertEvent& event) override {
        const std::lock_guard lock{mutex_};
        sink_.record(event);
    }

private:
    EventSink& sink_;
    std::mutex mutex_;
};

}  // namespace schoolgate::gateway::events
