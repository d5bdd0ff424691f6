#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "classifiers/limits.h"

namespace schoolgate::classifiers::quic {

/// The client's Initial CRYPTO stream, reassembled from frames that may arrive in any order, overlap or
/// repeat. The first copy of a byte wins (later copies never overwrite it, as in Suricata and Zeek).
///
/// Bounded whatever the offsets: only bytes inside the window [0, limits::kMaxQuicCryptoBytes) are taken,
/// and memory follows the bytes received, not the offsets they claim (a gap costs nothing). Bytes that
/// join the run from offset 0 are kept in one buffer; the rest wait as at most limits::kMaxQuicCryptoPieces
/// pieces. held_bytes() never exceeds kMaxHeldBytes. Not thread-safe: one per flow.
class CryptoStream {
public:
    enum class AddResult : std::uint8_t {
        Stored,         ///< the frame's new bytes are kept (or it repeated known bytes only)
        BeyondWindow,   ///< the frame ends beyond limits::kMaxQuicCryptoBytes: nothing stored
        TooFragmented,  ///< it would leave more than limits::kMaxQuicCryptoPieces pieces waiting: nothing stored
    };

    /// Adds a CRYPTO frame's bytes at `offset`; the bytes not yet known are copied.
    AddResult add(std::uint64_t offset, std::span<const std::uint8_t> data);

    /// The bytes known without a gap from offset 0; valid until the next add().
    std::span<const std::uint8_t> contiguous() const noexcept { return contiguous_; }

    /// Heap bytes this stream holds (buffers and the piece list), for the bound below and for tests.
    std::size_t held_bytes() const noexcept;

    struct Piece {
        std::size_t offset;
        std::vector<std::uint8_t> bytes;
    };
    /// Each byte of the window is held once (in the run from 0 or in one piece, never both), and buffers are
    /// allocated to size, so this is the most a stream can hold.
    static constexpr std::size_t kMaxHeldBytes =
        limits::kMaxQuicCryptoBytes + limits::kMaxQuicCryptoPieces * sizeof(Piece);

private:
    void absorb_joined_pieces();
    std::size_t waiting_after(std::span<const std::pair<std::size_t, std::size_t>> gaps) const noexcept;

    std::vector<std::uint8_t> contiguous_;
    std::vector<Piece> pending_;  ///< sorted by offset, disjoint, each beyond contiguous_ with a gap before it
};

}  // namespace schoolgate::classifiers::quic
