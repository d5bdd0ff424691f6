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
    // Bytes already in order are the server's already: a later copy of them never replaces them.
    const auto repeated = payload.first(std::min<std::size_t>(payload.size(), end - offset));
    if (!std::equal(repeated.begin(), repeated.end(), contiguous_.begin() + offset)) note_disagreement(offset, repeated);
    if (offset + payload.size() <= end) return Outcome::Duplicate;

    const auto fresh = payload.subspan(end - offset);
    if (contiguous_.size() + fresh.size() > limits::kMaxReassemblyBytes) {
        limit_anomaly_ = Anomaly::TcpReassemblyTooLarge;
        return Outcome::LimitReached;
    }
    append_over_pending(end, fresh);
    return limit_anomaly_ ? Outcome::LimitReached : Outcome::Appended;
}

// In-order bytes win over pieces held out of order, as in Linux (tcp_data_queue queues them, tcp_ofo_queue
// then trims every held piece to what rcv_nxt has not passed): a held piece that disagrees loses, and is kept
// in other_copy().
void TcpStreamReassembler::append_over_pending(std::uint32_t offset, std::span<const std::uint8_t> fresh) {
    const std::uint32_t stop = offset + static_cast<std::uint32_t>(fresh.size());
    std::vector<std::pair<std::uint32_t, std::vector<std::uint8_t>>> losing;
    for (auto it = pending_.begin(); it != pending_.end() && it->first < stop; ++it) {
        const std::uint32_t overlap_end = std::min(stop, it->first + static_cast<std::uint32_t>(it->second.size()));
        const auto held = std::span{it->second}.first(overlap_end - it->first);
        if (!std::equal(held.begin(), held.end(), fresh.begin() + (it->first - offset))) {
            losing.emplace_back(it->first, std::vector<std::uint8_t>(held.begin(), held.end()));
        }
    }
    append(fresh);
    for (const auto& [at, bytes] : losing) note_disagreement(at, bytes);
    drain_pending();  // drops what the new bytes covered, appends what lies beyond them
}

void TcpStreamReassembler::note_disagreement(std::uint32_t offset, std::span<const std::uint8_t> losing) {
    if (!copies_disagree_) other_copy_ = contiguous_;  // from here on it follows every append
    copies_disagree_ = true;
    const std::size_t room = offset < other_copy_.size() ? other_copy_.size() - offset : 0;
    std::copy_n(losing.begin(), std::min(room, losing.size()), other_copy_.begin() + offset);
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
                // Between two pieces out of order the first stays (Linux keeps the held one unless the new
                // one covers it from the same byte): a disagreement is only noted.
                const std::uint32_t overlap_end = std::min(held_end, stop);
                const auto mine = payload.subspan(cursor - offset, overlap_end - cursor);
                if (!std::equal(mine.begin(), mine.end(), held->second.begin() + (cursor - held->first))) {
                    note_disagreement(0, {});
                }
                cursor = overlap_end;
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

void TcpStreamReassembler::discard_front(std::size_t bytes) {
    bytes = std::min(bytes, contiguous_.size());
    if (bytes == 0 || !base_seq_) return;
    contiguous_.erase(contiguous_.begin(), contiguous_.begin() + static_cast<std::ptrdiff_t>(bytes));
    if (copies_disagree_) {  // the other copy runs beside the stream, byte for byte
        other_copy_.erase(other_copy_.begin(),
                          other_copy_.begin() + static_cast<std::ptrdiff_t>(std::min(bytes, other_copy_.size())));
    }
    const auto shift = static_cast<std::uint32_t>(bytes);
    *base_seq_ += shift;  // sequence arithmetic wraps (RFC 9293 §3.4), like every offset here
    // Held pieces lie beyond the old contiguous end, so every key is at least `bytes`.
    std::map<std::uint32_t, std::vector<std::uint8_t>> moved;
    for (auto& [offset, piece] : pending_) moved.emplace(offset - shift, std::move(piece));
    pending_ = std::move(moved);
    segment_sizes_.clear();
}

void TcpStreamReassembler::append(std::span<const std::uint8_t> bytes) {
    contiguous_.insert(contiguous_.end(), bytes.begin(), bytes.end());
    if (copies_disagree_) other_copy_.insert(other_copy_.end(), bytes.begin(), bytes.end());
    if (segment_sizes_.size() < limits::kMaxReassemblyBytes) {
        segment_sizes_.push_back(static_cast<std::uint32_t>(bytes.size()));
    }
}

}  // namespace schoolgate::classifiers::stream
