#include "classifiers/stream/tcp_stream_reassembler.h"

#include <algorithm>

#include "classifiers/limits.h"

namespace schoolgate::classifiers::stream {

namespace {
// Offsets are relative to the stream start with 32-bit wrap-around (RFC 793 sequence space). An offset in
// the upper half is a byte from before the start: an old retransmission.
constexpr std::uint32_t kHalfSequenceSpace = 1u << 31;
}  // namespace

void TcpStreamReassembler::on_syn(std::uint32_t syn_seq) noexcept {
    if (!base_seq_) base_seq_ = syn_seq + 1;
}

TcpStreamReassembler::Outcome TcpStreamReassembler::on_segment(std::uint32_t seq,
                                                               std::span<const std::uint8_t> payload) {
    if (payload.empty()) return Outcome::Duplicate;
    if (limit_anomaly_) return Outcome::LimitReached;
    if (!base_seq_) base_seq_ = seq;

    std::uint32_t offset = seq - *base_seq_;
    if (offset >= kHalfSequenceSpace) {
        // Starts before the stream: keep only the part after the start, if any.
        const std::uint32_t before = 0u - offset;
        if (before >= payload.size()) return Outcome::Duplicate;
        payload = payload.subspan(before);
        offset = 0;
    }

    const auto end = static_cast<std::uint32_t>(contiguous_.size());
    if (offset > end) {
        saw_out_of_order_ = true;
        return store_pending(offset, payload);
    }
    if (offset + payload.size() <= end) return Outcome::Duplicate;

    // First copy wins: only the bytes past what we already have are new.
    const auto fresh = payload.subspan(end - offset);
    if (contiguous_.size() + fresh.size() > limits::kMaxReassemblyBytes) {
        limit_anomaly_ = Anomaly::TcpReassemblyTooLarge;
        return Outcome::LimitReached;
    }
    append_keeping_pending(end, fresh);
    drain_pending();
    return limit_anomaly_ ? Outcome::LimitReached : Outcome::Appended;
}

void TcpStreamReassembler::append_keeping_pending(std::uint32_t offset, std::span<const std::uint8_t> fresh) {
    // Bytes already held out of order arrived first, so they win over this segment's copy of them: take
    // this segment only up to the next held piece, then the piece, and so on.
    const std::uint32_t stop = offset + static_cast<std::uint32_t>(fresh.size());
    while (contiguous_.size() < stop) {
        const auto cursor = static_cast<std::uint32_t>(contiguous_.size());
        if (!pending_.empty() && pending_.begin()->first <= cursor) {
            drain_pending();
            continue;
        }
        const std::uint32_t piece_end = pending_.empty() ? stop : std::min(stop, pending_.begin()->first);
        append(fresh.subspan(cursor - offset, piece_end - cursor));
    }
}

TcpStreamReassembler::Outcome TcpStreamReassembler::store_pending(std::uint32_t offset,
                                                                  std::span<const std::uint8_t> payload) {
    if (offset + payload.size() > limits::kMaxReassemblyBytes) {
        limit_anomaly_ = Anomaly::TcpReassemblyTooLarge;
        return Outcome::LimitReached;
    }
    // Keep only the bytes no earlier piece already holds, possibly as several pieces.
    bool stored_any = false;
    std::uint32_t cursor = offset;
    const std::uint32_t stop = offset + static_cast<std::uint32_t>(payload.size());
    while (cursor < stop) {
        auto next = pending_.upper_bound(cursor);
        if (next != pending_.begin()) {
            const auto held = std::prev(next);
            const std::uint32_t held_end = held->first + static_cast<std::uint32_t>(held->second.size());
            if (held_end > cursor) {
                cursor = std::min(held_end, stop);
                continue;
            }
        }
        const std::uint32_t piece_end = (next == pending_.end()) ? stop : std::min(stop, next->first);
        if (pending_.size() >= limits::kMaxPendingSegments) {
            limit_anomaly_ = Anomaly::TcpReassemblyTooManySegments;
            return Outcome::LimitReached;
        }
        const auto piece = payload.subspan(cursor - offset, piece_end - cursor);
        pending_.emplace(cursor, std::vector<std::uint8_t>(piece.begin(), piece.end()));
        stored_any = true;
        cursor = piece_end;
    }
    return stored_any ? Outcome::Buffered : Outcome::Duplicate;
}

void TcpStreamReassembler::drain_pending() {
    while (!pending_.empty()) {
        auto first = pending_.begin();
        const auto end = static_cast<std::uint32_t>(contiguous_.size());
        if (first->first > end) return;
        const std::uint32_t piece_end = first->first + static_cast<std::uint32_t>(first->second.size());
        if (piece_end > end) {
            // Pieces were checked against the byte limit when stored, so this append stays within it.
            append(std::span{first->second}.subspan(end - first->first));
        }
        pending_.erase(first);
    }
}

void TcpStreamReassembler::append(std::span<const std::uint8_t> bytes) {
    contiguous_.insert(contiguous_.end(), bytes.begin(), bytes.end());
    if (segment_sizes_.size() < limits::kMaxReassemblyBytes) {
        segment_sizes_.push_back(static_cast<std::uint32_t>(bytes.size()));
    }
}

}  // namespace schoolgate::classifiers::stream
