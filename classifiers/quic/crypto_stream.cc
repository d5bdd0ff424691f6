#include "classifiers/quic/crypto_stream.h"

#include <algorithm>
#include <utility>

namespace schoolgate::classifiers::quic {

namespace {

// Half-open byte ranges [from, to) of the stream.
using Range = std::pair<std::size_t, std::size_t>;

}  // namespace

CryptoStream::AddResult CryptoStream::add(std::uint64_t offset, std::span<const std::uint8_t> data) {
    // Offsets are the sender's choice (up to 2^62): a frame far out is refused before anything is sized
    // by it, which is what keeps a flood of such frames from costing memory.
    if (offset > limits::kMaxQuicCryptoBytes || data.size() > limits::kMaxQuicCryptoBytes - offset) {
        return AddResult::BeyondWindow;
    }
    const auto start = static_cast<std::size_t>(offset);
    const std::size_t end = start + data.size();
    const std::size_t known = contiguous_.size();
    if (end <= known) return AddResult::Stored;  // a repeat: the first copy won already

    // The parts of [max(start, known), end) that no waiting piece covers yet: at most one more range than
    // there are pieces.
    std::vector<Range> gaps;
    std::size_t cursor = std::max(start, known);
    for (const auto& piece : pending_) {
        if (cursor >= end) break;
        const std::size_t piece_end = piece.offset + piece.bytes.size();
        if (piece_end <= cursor) continue;
        if (piece.offset > cursor) gaps.emplace_back(cursor, std::min(piece.offset, end));
        cursor = std::max(cursor, piece_end);
    }
    if (cursor < end) gaps.emplace_back(cursor, end);
    if (waiting_after(gaps) > limits::kMaxQuicCryptoPieces) return AddResult::TooFragmented;

    for (const auto& [from, to] : gaps) {
        const auto at = std::lower_bound(pending_.begin(), pending_.end(), from,
                                         [](const Piece& piece, std::size_t value) { return piece.offset < value; });
        // from and to lie in [start, end] by construction, so both stay inside data.
        const auto bytes = data.subspan(from - start, to - from);
        pending_.insert(at, Piece{from, std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
    }
    absorb_joined_pieces();
    return AddResult::Stored;
}

// How many pieces would wait once `gaps` are stored and everything that then continues the run from 0 has
// joined it: new and waiting pieces are disjoint, so the run grows through whichever starts where it ends.
std::size_t CryptoStream::waiting_after(std::span<const std::pair<std::size_t, std::size_t>> gaps) const noexcept {
    std::size_t end = contiguous_.size();
    std::size_t next_gap = 0;
    std::size_t next_piece = 0;
    while (true) {
        if (next_gap < gaps.size() && gaps[next_gap].first == end) {
            end = gaps[next_gap++].second;
        } else if (next_piece < pending_.size() && pending_[next_piece].offset == end) {
            end += pending_[next_piece++].bytes.size();
        } else {
            break;
        }
    }
    return (gaps.size() - next_gap) + (pending_.size() - next_piece);
}

// Pieces that now continue the run from 0 move into it, in order. The buffer grows to exactly what it
// holds, so that held_bytes() stays within kMaxHeldBytes (a doubling vector could hold twice the window).
void CryptoStream::absorb_joined_pieces() {
    auto joined = pending_.begin();
    std::size_t size = contiguous_.size();
    while (joined != pending_.end() && joined->offset == size) {
        size += joined->bytes.size();
        ++joined;
    }
    if (joined == pending_.begin()) return;
    contiguous_.reserve(size);
    for (auto piece = pending_.begin(); piece != joined; ++piece) {
        contiguous_.insert(contiguous_.end(), piece->bytes.begin(), piece->bytes.end());
    }
    pending_.erase(pending_.begin(), joined);
    if (pending_.empty()) std::vector<Piece>().swap(pending_);  // all joined: hold the run only
}

std::size_t CryptoStream::held_bytes() const noexcept {
    std::size_t held = contiguous_.capacity() + pending_.capacity() * sizeof(Piece);
    for (const auto& piece : pending_) held += piece.bytes.capacity();
    return held;
}

}  // namespace schoolgate::classifiers::quic
