#include "gateway/engine/live_engine.h"

namespace schoolgate::gateway::engine {

namespace {
constexpr std::chrono::milliseconds kPublishInterval{100};
}  // namespace

LiveEngine::LiveEngine(const EngineConfig& config, policy::PolicyStore& store, events::EventSink& sink,
                       const time::Clock& clock, std::chrono::microseconds school_time_shift,
                       const identity::IdentityStore* identity)
    : store_(store), clock_(clock), shift_(time::SchoolTimeShift::by(school_time_shift)), snapshot_(store.current()),
      identity_store_(identity), engine_(config, snapshot_, sink),
      published_generation_(snapshot_ ? snapshot_->generation : 0) {
    adopt_current_identity();
}

PacketVerdict LiveEngine::on_frame(decode::LinkType link, std::span<const std::uint8_t> frame,
                                   const net::MacAddress& mac, FrameChecksums checksums) {
    // A reload takes effect from the next packet, not the next idle moment.
    if (snapshot_ && store_.generation() != snapshot_->generation) adopt_current_policy();
    if (identity_store_ && identity_store_->generation() > identity_generation_) adopt_current_identity();
    return engine_.on_frame({link, frame, shift_.apply(clock_.wall_now()), mac, checksums});
}

void LiveEngine::adopt_current_policy() {
    if (auto current = store_.current(); current && current != snapshot_) {
        snapshot_ = std::move(current);
        engine_.set_snapshot(snapshot_);
    }
}

// Who is who changes from the next packet too: a lease that ended or a RADIUS Stop names nobody after it.
void LiveEngine::adopt_current_identity() {
    if (!identity_store_) return;
    auto current = identity_store_->current();
    identity_generation_ = current ? current->generation() : 0;
    engine_.set_identity(std::move(current));
}

void LiveEngine::tick() {
    adopt_current_policy();
    if (identity_store_ && identity_store_->generation() > identity_generation_) adopt_current_identity();
    if (clock_.monotonic_now() >= next_publish_) {
        publish_counters();
        next_publish_ = clock_.monotonic_now() + kPublishInterval;
    }
}

void LiveEngine::finish() {
    engine_.finish();
    publish_counters();
}

void LiveEngine::publish_counters() {
    std::lock_guard lock{published_mutex_};
    published_ = engine_.counters();
    published_generation_ = snapshot_ ? snapshot_->generation : 0;
}

EngineCounters LiveEngine::counters() const {
    std::lock_guard lock{published_mutex_};
    return published_;
}

std::uint64_t LiveEngine::policy_generation() const {
    std::lock_guard lock{published_mutex_};
    return published_generation_;
}

}  // namespace schoolgate::gateway::engine
