#include "gateway/capture/passive_worker.h"

namespace schoolgate::gateway::capture {

PassiveWorker::PassiveWorker(std::unique_ptr<LivePcapSource> source, std::unique_ptr<engine::LiveEngine> engine,
                             std::unique_ptr<TcpResetSender> resets)
    : source_(std::move(source)), engine_(std::move(engine)), resets_(std::move(resets)), thread_(*this, *engine_) {}

Result<void, std::string> PassiveWorker::health() const {
    if (!thread_.failed()) return Result<void, std::string>::success();
    return Result<void, std::string>::failure(capture_error_);  // written before the thread's failed flag, never after
}

bool PassiveWorker::serve(std::chrono::milliseconds wait) {
    const auto link = source_->link_type();
    const net::MacAddress none;
    const auto handled = source_->dispatch(wait, [&](std::span<const std::uint8_t> frame) {
        const auto verdict = engine_->on_frame(link, frame, none);
        const auto& packet = engine_->last_packet();
        if (resets_ && verdict == engine::PacketVerdict::Block && !(packet.tcp_flags & decode::kTcpRst)) {
            resets_->reset_connection(packet);
        }
    });
    if (handled.ok()) return true;
    capture_error_ = "capture on the mirror port broke: " + handled.error();
    return false;
}

}  // namespace schoolgate::gateway::capture
