#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <span>

#include "common/net/mac_address.h"
#include "gateway/engine/inspection_engine.h"
#include "gateway/identity/identity_store.h"
#include "gateway/policy/policy_store.h"
#include "gateway/time/clock.h"
#include "gateway/time/school_time_shift.h"

namespace schoolgate::gateway::engine {

/// One live worker's engine (inline or passive): stamps each frame with the clock's time (shifted for
/// tests that run the daemon at a chosen school time), picks up a newly published policy between
/// packets, and publishes a copy of its counters for the stats socket at most every 100 ms, so the packet
/// path never shares state with readers.
class LiveEngine {
public:
    /// `identity`, when given, is the daemon's identity table: a newly published snapshot is adopted before
    /// the next packet, as a policy is.
    LiveEngine(const EngineConfig& config, policy::PolicyStore& store, events::EventSink& sink, const time::Clock& clock,
               std::chrono::microseconds school_time_shift, const identity::IdentityStore* identity = nullptr);

    /// The engine's word on one frame. `mac` fills in the sender's MAC where the link gave none (NFQUEUE
    /// hands over IP packets and the MAC apart).
    PacketVerdict on_frame(decode::LinkType link, std::span<const std::uint8_t> frame, const net::MacAddress& mac,
                           FrameChecksums checksums = {});
    /// The packet on_frame() last decoded (for the verdict's connection mark or a reset), valid until the next.
    const decode::PacketView& last_packet() const noexcept { return engine_.last_packet(); }
    /// Between batches: adopt a new policy, publish counters when due.
    void tick();
    /// Flushes the flow table (decides what is left) at shutdown.
    void finish();

    EngineCounters counters() const;
    std::uint64_t policy_generation() const;

private:
    void publish_counters();
    void adopt_current_policy();
    void adopt_current_identity();

    policy::PolicyStore& store_;
    const time::Clock& clock_;
    time::SchoolTimeShift shift_;
    std::shared_ptr<const policy::PolicySnapshot> snapshot_;
    const identity::IdentityStore* identity_store_;
    std::uint64_t identity_generation_ = 0;
    InspectionEngine engine_;
    time::MonotonicTime next_publish_{};
    mutable std::mutex published_mutex_;
    EngineCounters published_;
    std::uint64_t published_generation_ = 0;
};

}  // namespace schoolgate::gateway::engine
