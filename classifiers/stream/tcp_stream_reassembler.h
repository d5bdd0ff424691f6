#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "classifiers/anomaly.h"

namespace schoolgate::classifiers::stream {

/// Rebuilds the first bytes of one direction of a TCP connection from segments that may arrive split,
/// duplicated, overlapping or out of order, as the server will read them. Where copies of a byte disagree
/// the stream keeps the copy a Linux server keeps: bytes already in order are never rewritten by a later
/// copy, but in-order bytes win over a piece held out of order (tcp_ofo_queue trims what rcv_nxt passed),
/// and between two out-of-order pieces the first stays. A pupil who sends junk ahead and the real bytes
/// in order gets the real bytes read, as the server does. Copies that disagree are themselves evidence
/// (copies_disagree()), and the stream as the other copies had it is kept beside (other_copy()), so a flow
/// can be decided on every copy.
///
/// Bounded: at most limits::kMaxReassemblyBytes of stream and limits::kMaxPendingSegments out-of-order
/// pieces. The stream starts at the sequence number after the SYN when one was seen, otherwise at the
/// first data segment. Not thread-safe; one per flow direction.
class TcpStreamReassembler {
public:
    enum class Outcome : std::uint8_t {
        Appended,      ///< new in-order bytes are available in contiguous()
        Buffered,      ///< held until the gap before it fills
        Duplicate,     ///< nothing new
        LimitReached,  ///< a limit was hit; see limit_anomaly()
    };

    /// The SYN's sequence number: data starts at syn_seq + 1.
    void on_syn(std::uint32_t syn_seq) noexcept;
    Outcome on_segment(std::uint32_t seq, std::span<const std::uint8_t> payload);

    /// The sequence number of the next byte after the contiguous ones, once the stream's start is known.
    std::optional<std::uint32_t> next_seq() const noexcept {
        if (!base_seq_) return std::nullopt;
        return *base_seq_ + static_cast<std::uint32_t>(contiguous_.size());
    }
    /// Forgets the first `bytes` of contiguous() (at most all of them): the stream now starts after them,
    /// and the window of limits::kMaxReassemblyBytes (for in-order and out-of-order bytes alike) counts from
    /// there. segment_sizes() is cleared: segment shapes describe a first flight, not a conversation.
    void discard_front(std::size_t bytes);

    /// The bytes known without gaps, from the start of the stream (or from the last discard_front()).
    std::span<const std::uint8_t> contiguous() const noexcept { return contiguous_; }
    bool saw_out_of_order() const noexcept { return saw_out_of_order_; }
    /// Segments that contributed new bytes to the contiguous stream so far.
    std::size_t segments_used() const noexcept { return segment_sizes_.size(); }
    /// Size of each contributing segment, in stream order (bounded like the segments themselves).
    const std::vector<std::uint32_t>& segment_sizes() const noexcept { return segment_sizes_; }
    std::optional<Anomaly> limit_anomaly() const noexcept { return limit_anomaly_; }
    /// Two copies of the same bytes differed (never the case for an ordinary TCP stack's retransmissions).
    bool copies_disagree() const noexcept { return copies_disagree_; }
    /// The contiguous stream with the copies that lost where copies disagreed; empty until they do.
    std::span<const std::uint8_t> other_copy() const noexcept { return other_copy_; }

private:
    Outcome store_pending(std::uint32_t offset, std::span<const std::uint8_t> payload);
    void append_over_pending(std::uint32_t offset, std::span<const std::uint8_t> fresh);
    void drain_pending();
    void append(std::span<const std::uint8_t> bytes);
    /// Notes that `losing` (the copy the stream did not keep) differs from the kept bytes at `offset`.
    void note_disagreement(std::uint32_t offset, std::span<const std::uint8_t> losing);

    std::optional<std::uint32_t> base_seq_;
    std::vector<std::uint8_t> contiguous_;
    /// Out-of-order pieces keyed by stream offset; never overlapping each other, so that each byte held
    /// is the first copy that arrived.
    std::map<std::uint32_t, std::vector<std::uint8_t>> pending_;
    std::vector<std::uint32_t> segment_sizes_;
    std::vector<std::uint8_t> other_copy_;
    std::optional<Anomaly> limit_anomaly_;
    bool saw_out_of_order_ = false;
    bool copies_disagree_ = false;
};

}  // namespace schoolgate::classifiers::stream
