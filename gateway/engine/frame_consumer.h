#pragma once

#include "gateway/engine/engine_counters.h"
#include "gateway/engine/frame.h"
#include "gateway/engine/packet_verdict.h"
#include "gateway/flow/flow_table.h"

namespace schoolgate::gateway::engine {

/// The one way into the engine, the same for one worker (InspectionEngine) and many (ShardedEngine), so
/// that replay, passive and inline all feed it alike. Not thread-safe: one caller thread.
class FrameConsumer {
public:
    virtual ~FrameConsumer() = default;

    /// One frame. The verdict is what enforcement should do with it; an engine that decides later on
    /// other threads (ShardedEngine, replay only) answers Pass.
    virtual PacketVerdict on_frame(const Frame& frame) = 0;
    /// Settles every flow still open (end of capture, shutdown); for many workers, waits for them.
    virtual void finish() = 0;
    /// What was counted so far (for many workers: call after finish()).
    virtual EngineCounters counters() const = 0;
    virtual flow::FlowTableCounters flow_counters() const = 0;
};

}  // namespace schoolgate::gateway::engine
