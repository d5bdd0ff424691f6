#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "classifiers/quic/initial_keys.h"

namespace schoolgate::classifiers::quic {

inline constexpr std::size_t kHeaderProtectionSampleBytes = 16;
inline constexpr std::size_t kAeadTagBytes = 16;

/// The 5-byte header protection mask AES-128-ECB(hp, sample) (RFC 9001 §5.4.3). `sample` must be exactly
/// kHeaderProtectionSampleBytes long; it is read during the call only. std::nullopt when it is not, or
/// when libcrypto fails. Thread-safe.
std::optional<std::array<std::uint8_t, 5>> header_protection_mask(const std::array<std::uint8_t, 16>& hp,
                                                                  std::span<const std::uint8_t> sample) noexcept;

/// Opens an AEAD_AES_128_GCM protected payload (RFC 9001 §5.3): nonce = keys.iv XOR the packet number,
/// `header` is the unprotected header (associated data), `sealed` is the ciphertext followed by the 16-byte
/// tag. Both spans are read during the call only. Writes the plaintext into `plaintext` (its buffer reused:
/// no allocation once it has held a packet) and says true, or false when the tag does not verify (or
/// `sealed` is shorter than the tag). Thread-safe.
bool open_payload(const InitialKeys& keys, std::uint64_t packet_number, std::span<const std::uint8_t> header,
                  std::span<const std::uint8_t> sealed, std::vector<std::uint8_t>& plaintext) noexcept;

}  // namespace schoolgate::classifiers::quic
