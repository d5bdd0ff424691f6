#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace schoolgate::classifiers::quic {

/// The QUIC versions whose Initial packets can be read: each has its own salt (and v2 its own labels).
enum class QuicVersion : std::uint8_t { V1, V2, Draft29 };

inline constexpr std::uint32_t kWireVersion1 = 0x00000001;        ///< RFC 9000
inline constexpr std::uint32_t kWireVersion2 = 0x6b3343cf;        ///< RFC 9369
inline constexpr std::uint32_t kWireVersionDraft29 = 0xff00001d;  ///< draft-ietf-quic-transport-29

/// The known version for a wire version number, or std::nullopt (version negotiation 0, other drafts,
/// gQUIC, greased versions).
std::optional<QuicVersion> quic_version_from_wire(std::uint32_t wire_version) noexcept;
/// 0x?a?a?a?a (RFC 9000 §15): versions reserved so that clients can exercise version negotiation. Nothing
/// can be read from such a packet; the real Initial follows once the server has answered.
constexpr bool is_reserved_quic_version(std::uint32_t wire_version) noexcept {
    return (wire_version & 0x0f0f0f0fu) == 0x0a0a0a0au;
}

/// AEAD_AES_128_GCM packet protection keys for the client's Initial packets (RFC 9001 §5.2).
struct InitialKeys {
    std::array<std::uint8_t, 16> key{};  ///< AES-128-GCM payload key
    std::array<std::uint8_t, 12> iv{};   ///< AEAD nonce base (nonce = iv XOR packet number)
    std::array<std::uint8_t, 16> hp{};   ///< AES-128-ECB header protection key
};

/// Derives the client Initial keys from the Destination Connection ID of the client's first Initial:
/// HKDF-Extract(salt(version), dcid), then HKDF-Expand-Label "client in", then "quic key"/"quic iv"/
/// "quic hp" ("quicv2 ..." for v2), all SHA-256 (RFC 9001 §5.2, RFC 9369 §3.3). `dcid` is read during the
/// call only (any length up to limits::kMaxQuicConnectionIdBytes). Returns std::nullopt only when
/// libcrypto fails. HMACs with precomputed padded-key states (HmacSha256Key): the salts' once per process,
/// each secret's once per derivation, 14 SHA-256 blocks instead of 20. Thread-safe (the salts' states are
/// shared read-only, the rest is this thread's).
std::optional<InitialKeys> derive_client_initial_keys(QuicVersion version,
                                                      std::span<const std::uint8_t> dcid) noexcept;

/// derive_client_initial_keys() with the last two derivations kept: a flow's Initials repeat their
/// Destination Connection ID (retransmissions, the second Initial of a long ClientHello, version probes
/// sent again and again, each tried under v1's and draft-29's keys), and a derivation costs 14 SHA-256
/// blocks. Same keys as deriving afresh; a failed derivation is not kept. One per flow (88 bytes
/// of keys and IDs); not thread-safe.
class InitialKeyCache {
public:
    std::optional<InitialKeys> keys_for(QuicVersion version, std::span<const std::uint8_t> dcid) noexcept;

private:
    struct Entry {
        bool filled = false;
        QuicVersion version = QuicVersion::V1;
        std::uint8_t dcid_length = 0;
        std::array<std::uint8_t, 20> dcid{};  ///< limits::kMaxQuicConnectionIdBytes
        InitialKeys keys;
    };
    std::array<Entry, 2> entries_{};
    std::uint8_t next_ = 0;  ///< the entry the next derivation replaces
};

}  // namespace schoolgate::classifiers::quic
