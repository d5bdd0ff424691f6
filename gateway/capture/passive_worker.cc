#include "gateway/capture/passive_worker.h"

namespace schoolgate::gateway::capture {

PassiveWorker::PassiveWorker(std::unique_ptr<LivePcapSource> source, std::unique_ptr<engine::LiveEngine> engine,
                             std::unique_ptr<TcpResetSender> resets)
    : source_(std::move(source)), engine_(std::move(engine)), resets_(std::move(resets)) {}

PassiveWorker::~PassiveWorker() {
    request_stop();
    join();
}

void PassiveWorker::start() { thread_ = std::thread{[this] { run(); }}; }

void PassiveWorker::join() {
    if (thread_.joinable()) thread_.join();
}

Result<void, std::string> PassiveWorker::health() const {
    if (!failed_.load(std::memory_order_acquire)) return Result<void, std::string>::success();
    return Result<void, std::string>::failure(capture_error_);  // written before failed_, never after
}

void PassiveWorker::run() {
    const auto link = source_->link_type();
    const net::MacAddress none;
    while (!stop_.load(std::memory_order_relaxed)) {
        const auto handled = source_->dispatch(std::chrono::milliseconds{100}, [&](std::span<const std::uint8_t> frame) {
            const auto verdict = engine_->on_frame(link, frame, none, view_);
            if (resets_ && verdict == engine::PacketVerdict::Block && !(view_.tcp_flags & decode::kTcpRst)) {
                resets_->reset_connection(view_);
            }
        });
        if (!handled.ok()) {
            capture_error_ = "capture on the mirror port broke: " + handled.error();
            failed_.store(true, std::memory_order_release);
            break;
        }
        engine_->tick();
    }
    engine_->finish();
}

}  // namespace schoolgate::gateway::capture
