#include "gateway/capture/shared_walk.h"

#include <algorithm>

#include "gateway/engine/quick_shard.h"

namespace schoolgate::gateway::capture {

SharedWalk::SharedWalk(std::unique_ptr<PcapFileSource> cursor, std::size_t workers,
                       std::optional<WallTime> first_packet_at, Shape shape)
    : cursor_(std::move(cursor)),
      shift_(time::SchoolTimeShift::first_packet_at(first_packet_at)),
      workers_(workers),
      shape_{std::max<std::size_t>(shape.chunk_bytes, 1), std::max<std::size_t>(shape.slots, 1), shape.ahead},
      slots_(shape_.slots) {}

bool SharedWalk::can_index(std::size_t number) const noexcept {
    return !indexing_ && !ended_ && next_ == number && !slots_[number % slots_.size()].used;
}

// Called with the lock held and can_index(next_) true; indexes outside the lock.
void SharedWalk::index_next(std::unique_lock<std::mutex>& lock) {
    Slot& slot = slots_[next_ % slots_.size()];
    slot.used = true;
    slot.ready = false;
    slot.released = 0;
    slot.chunk.number = next_;
    indexing_ = true;
    lock.unlock();
    fill(slot.chunk);
    lock.lock();
    slot.ready = true;
    indexing_ = false;
    ended_ = slot.chunk.last;
    ++next_;
    changed_.notify_all();
}

void SharedWalk::fill(Chunk& chunk) {
    chunk.entries.clear();
    chunk.error.clear();
    chunk.last = false;
    chunk.begin = cursor_->offset();
    const auto link = cursor_->link_type();
    CapturedPacket captured;
    while (cursor_->offset() - chunk.begin < shape_.chunk_bytes) {
        const auto status = cursor_->next(captured);
        if (!status.ok() || status.value() == ReadStatus::EndOfFile) {
            chunk.last = true;
            if (!status.ok()) chunk.error = status.error();
            return;
        }
        const std::span<const std::uint8_t> frame{captured.frame.data(), captured.frame.size()};
        const auto placed = engine::quick_shard(link, frame, workers_);
        chunk.entries.push_back({frame, shift_.apply(captured.ts),
                                 placed ? static_cast<std::uint8_t>(*placed) : kEveryone});
    }
}

const SharedWalk::Chunk& SharedWalk::acquire(std::size_t number) {
    std::unique_lock lock{mutex_};
    Slot& slot = slots_[number % slots_.size()];
    while (!(slot.used && slot.ready && slot.chunk.number == number)) {
        if (can_index(number)) {
            index_next(lock);
        } else {
            changed_.wait(lock);
        }
    }
    // Keep the list a little ahead of this worker, so that the others rarely wait for one.
    if (next_ <= number + shape_.ahead && can_index(next_)) index_next(lock);
    return slot.chunk;
}

void SharedWalk::release(std::size_t number) {
    const std::lock_guard lock{mutex_};
    Slot& slot = slots_[number % slots_.size()];
    if (++slot.released < workers_) return;
    slot.used = false;
    changed_.notify_all();
}

}  // namespace schoolgate::gateway::capture
