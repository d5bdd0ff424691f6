#include "gateway/enforce/inline_worker.h"

namespace schoolgate::gateway::enforce {

namespace {
constexpr std::chrono::milliseconds kPollInterval{100};  // how soon a stop or a new policy is noticed when idle
}  // namespace

InlineWorker::InlineWorker(std::unique_ptr<NfqueueSocket> socket, std::unique_ptr<engine::LiveEngine> engine)
    : socket_(std::move(socket)), engine_(std::move(engine)) {}

InlineWorker::~InlineWorker() {
    request_stop();
    join();
}

void InlineWorker::start() { thread_ = std::thread{[this] { run(); }}; }

void InlineWorker::join() {
    if (thread_.joinable()) thread_.join();
}

QueueSocketCounters InlineWorker::queue_counters() const {
    std::lock_guard lock{counters_mutex_};
    return published_queue_counters_;
}

QueueVerdict InlineWorker::on_packet(const QueuedPacket& packet) {
    const auto verdict = engine_->on_frame(decode::LinkType::RawIp, packet.ip_packet, packet.src_mac, view_);
    return queue_verdict(verdict, view_, packet.mark);
}

void InlineWorker::run() {
    const NfqueueSocket::Handler handler = [this](const QueuedPacket& packet) { return on_packet(packet); };
    while (!stop_.load(std::memory_order_relaxed)) {
        socket_->serve(kPollInterval, handler);
        engine_->tick();
        std::lock_guard lock{counters_mutex_};
        published_queue_counters_ = socket_->counters();
    }
    // SIGTERM: every packet the kernel has already handed us gets its verdict before the queue closes.
    socket_->drain(handler);
    engine_->finish();
    std::lock_guard lock{counters_mutex_};
    published_queue_counters_ = socket_->counters();
}

}  // namespace schoolgate::gateway::enforce
