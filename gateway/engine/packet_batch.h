#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gateway/decode/packet_decoder.h"
#include "gateway/decode/packet_view.h"

namespace schoolgate::gateway::engine {

/// Decoded packets on their way from the reader to one worker: each frame copied once into the batch's
/// own buffer (the capture's buffer is reused for the next packet) with its view pointing into the copy.
/// Batches are recycled, so after warm-up nothing is allocated per packet.
class PacketBatch {
public:
    static constexpr std::size_t kMaxPackets = 256;
    /// Big enough for any frame libpcap hands over (its largest snap length is 262,144 bytes).
    static constexpr std::size_t kBufferBytes = 1u << 20;

    struct Item {
        decode::DecodeOutcome outcome;
        decode::PacketView view;  ///< spans point into this batch's buffer
        std::size_t wire_bytes = 0;
    };

    PacketBatch() { buffer_.resize(kBufferBytes); items_.reserve(kMaxPackets); }

    /// False when the batch is too full for this frame: hand it over and start another.
    bool fits(std::size_t frame_bytes) const noexcept {
        return items_.size() < kMaxPackets && used_ + frame_bytes <= buffer_.size();
    }
    /// Copies `frame` and keeps `view` with its payload and IP spans moved onto the copy. Call fits() first.
    void add(const decode::DecodeOutcome& outcome, const decode::PacketView& view, std::span<const std::uint8_t> frame) {
        std::uint8_t* copy = buffer_.data() + used_;
        std::copy(frame.begin(), frame.end(), copy);
        used_ += frame.size();
        Item& item = items_.emplace_back(Item{outcome, view, frame.size()});
        item.view.payload = moved(view.payload, frame, copy);
        item.view.ip_packet = moved(view.ip_packet, frame, copy);
        item.view.transport_bytes = moved(view.transport_bytes, frame, copy);
    }

    const std::vector<Item>& items() const noexcept { return items_; }
    bool empty() const noexcept { return items_.empty(); }
    void clear() noexcept {
        items_.clear();
        used_ = 0;
    }

private:
    static std::span<const std::uint8_t> moved(std::span<const std::uint8_t> part, std::span<const std::uint8_t> frame,
                                               const std::uint8_t* copy) noexcept {
        if (part.empty()) return {};
        return {copy + (part.data() - frame.data()), part.size()};
    }

    std::vector<Item> items_;
    std::vector<std::uint8_t> buffer_;
    std::size_t used_ = 0;
};

}  // namespace schoolgate::gateway::engine
