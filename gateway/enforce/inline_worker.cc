#include "gateway/enforce/inline_worker.h"

namespace schoolgate::gateway::enforce {

InlineWorker::InlineWorker(std::unique_ptr<NfqueueSocket> socket, std::unique_ptr<engine::LiveEngine> engine)
    : socket_(std::move(socket)),
      engine_(std::move(engine)),
      handler_([this](const QueuedPacket& packet) { return on_packet(packet); }),
      thread_(*this, *engine_) {}

QueueSocketCounters InlineWorker::queue_counters() const {
    std::lock_guard lock{counters_mutex_};
    return published_queue_counters_;
}

QueueVerdict InlineWorker::on_packet(const QueuedPacket& packet) {
    const auto verdict = engine_->on_frame(decode::LinkType::RawIp, packet.ip_packet, packet.src_mac,
                                           {packet.checksum_not_ready, true});
    return queue_verdict(verdict, engine_->last_packet(), packet.mark);
}

bool InlineWorker::serve(std::chrono::milliseconds wait) {
    socket_->serve(wait, handler_);
    return true;
}

// SIGTERM: every packet the kernel has already handed us gets its verdict before the queue closes.
void InlineWorker::drain() { socket_->drain(handler_); }

void InlineWorker::after_batch() {
    std::lock_guard lock{counters_mutex_};
    published_queue_counters_ = socket_->counters();
}

}  // namespace schoolgate::gateway::enforce
