#include "classifiers/quic/crypto_stream.h"

#include "classifiers/limits.h"

namespace schoolgate::classifiers::quic {

bool CryptoStream::add(std::uint64_t offset, std::span<const std::uint8_t> data) {
    if (offset > limits::kMaxQuicCryptoBytes || data.size() > limits::kMaxQuicCryptoBytes - offset) return false;
    const auto start = static_cast<std::size_t>(offset);
    const auto end = start + data.size();
    if (end > bytes_.size()) {
        bytes_.resize(end);
        filled_.resize(end, false);
    }
    std::size_t position = start;
    for (const std::uint8_t byte : data) {
        if (!filled_[position]) {
            bytes_[position] = byte;
            filled_[position] = true;
        }
        ++position;
    }
    while (contiguous_ < filled_.size() && filled_[contiguous_]) ++contiguous_;
    return true;
}

}  // namespace schoolgate::classifiers::quic
