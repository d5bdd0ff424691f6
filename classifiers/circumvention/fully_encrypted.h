#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace schoolgate::classifiers {

/// Whether a client's first bytes look like a fully encrypted protocol (Shadowsocks, obfs4, VMess):
/// indistinguishable from random and matching no known protocol. Uses the exemptions measured on real
/// traffic by Wu et al., "How the Great Firewall of China Detects and Blocks Fully Encrypted Traffic"
/// (USENIX Security 2023): random bytes average 3.4-4.6 set bits per byte, do not start with six printable
/// characters, are not half printable and hold no run of more than 20 printable characters. Only called
/// for bytes no classifier claimed; the answer is Low confidence by nature (compressed or proprietary
/// binary protocols can pass too). Returns the evidence sentence, or nothing.
std::optional<std::string> fully_encrypted_evidence(std::span<const std::uint8_t> first_bytes);

/// False when a prefix shorter than kMinFullyEncryptedSample already rules a fully encrypted stream out
/// (it starts with six printable characters), so there is no point waiting for more.
bool could_still_look_random(std::span<const std::uint8_t> prefix) noexcept;

/// Fewer bytes than this say too little to judge.
inline constexpr std::size_t kMinFullyEncryptedSample = 48;

}  // namespace schoolgate::classifiers
