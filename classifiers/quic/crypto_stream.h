#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace schoolgate::classifiers::quic {

/// The client's Initial CRYPTO stream, reassembled from frames that may arrive in any order, overlap or
/// repeat. The first copy of a byte wins (later copies never overwrite it, as in Suricata and Zeek). Holds
/// at most limits::kMaxQuicCryptoBytes. Not thread-safe: one per flow.
class CryptoStream {
public:
    /// Adds a CRYPTO frame's bytes at `offset`; `data` is copied. Returns false, storing nothing, when the
    /// frame ends beyond limits::kMaxQuicCryptoBytes.
    bool add(std::uint64_t offset, std::span<const std::uint8_t> data);

    /// The bytes known without a gap from offset 0; valid until the next add().
    std::span<const std::uint8_t> contiguous() const noexcept { return std::span{bytes_}.first(contiguous_); }

private:
    std::vector<std::uint8_t> bytes_;
    std::vector<bool> filled_;
    std::size_t contiguous_ = 0;
};

}  // namespace schoolgate::classifiers::quic
