#pragma once

#include "gateway/events/verdict_event.h"

namespace schoolgate::gateway::events {

/// Where decided flows and alerts go. Implementations must not block the packet path for long; the replay
/// writer writes synchronously, the daemon's writer queues to a writer thread.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void record(const VerdictEvent& event) = 0;
    virtual void record(const AlertEvent& event) = 0;
};

}  // namespace schoolgate::gateway::events
