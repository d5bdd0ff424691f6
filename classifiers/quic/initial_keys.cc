#include "classifiers/quic/initial_keys.h"

#include <algorithm>
#include <string_view>

#include "classifiers/limits.h"
#include "classifiers/quic/hmac_sha256.h"

namespace schoolgate::classifiers::quic {

namespace {

constexpr std::array<std::uint8_t, 20> kSaltV1{0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                               0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
constexpr std::array<std::uint8_t, 20> kSaltV2{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                                               0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
constexpr std::array<std::uint8_t, 20> kSaltDraft29{0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
                                                    0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};

struct VersionParameters {
    std::string_view key_label;
    std::string_view iv_label;
    std::string_view hp_label;
};

VersionParameters parameters_for(QuicVersion version) noexcept {
    switch (version) {
        case QuicVersion::V2: return {"quicv2 key", "quicv2 iv", "quicv2 hp"};
        case QuicVersion::Draft29: return {"quic key", "quic iv", "quic hp"};
        case QuicVersion::V1: break;
    }
    return {"quic key", "quic iv", "quic hp"};
}

// The salts' HMAC keys, their padded blocks hashed once per process (HKDF-Extract's key is the version's
// constant salt). Never freed, like the algorithms they use; after the first call only read, by any thread.
const HmacSha256Key& salt_key(QuicVersion version) noexcept {
    struct SaltKeys {
        HmacSha256Key v1, v2, draft29;
        SaltKeys() noexcept {
            // A failed set leaves its key unusable: every derivation under it then fails (std::nullopt).
            (void)v1.set(kSaltV1);
            (void)v2.set(kSaltV2);
            (void)draft29.set(kSaltDraft29);
        }
    };
    static const SaltKeys* const keys = new SaltKeys();
    switch (version) {
        case QuicVersion::V2: return keys->v2;
        case QuicVersion::Draft29: return keys->draft29;
        case QuicVersion::V1: break;
    }
    return keys->v1;
}

// HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for outputs of at most one SHA-256 block, which
// is all QUIC Initial keys need: T(1) = HMAC(secret, HkdfLabel || 0x01).
template <std::size_t N>
bool expand_label(const HmacSha256Key& secret, std::string_view label, std::array<std::uint8_t, N>& out) noexcept {
    static_assert(N <= kSha256Bytes);
    constexpr std::string_view kPrefix = "tls13 ";
    constexpr std::size_t kMaxLabelBytes = 16;  // "quicv2 key" is the longest: 10
    if (label.size() > kMaxLabelBytes) return false;
    std::array<std::uint8_t, 3 + kPrefix.size() + kMaxLabelBytes + 2> info{};
    std::size_t length = 0;
    info[length++] = 0;
    info[length++] = static_cast<std::uint8_t>(N);
    info[length++] = static_cast<std::uint8_t>(kPrefix.size() + label.size());
    for (const char c : kPrefix) info[length++] = static_cast<std::uint8_t>(c);
    for (const char c : label) info[length++] = static_cast<std::uint8_t>(c);
    info[length++] = 0;  // empty context
    info[length++] = 1;  // block counter
    Sha256Digest block{};
    if (!secret.mac(std::span<const std::uint8_t>(info.data(), length), block)) return false;
    std::copy_n(block.begin(), N, out.begin());
    return true;
}

}  // namespace

std::optional<QuicVersion> quic_version_from_wire(std::uint32_t wire_version) noexcept {
    switch (wire_version) {
        case kWireVersion1: return QuicVersion::V1;
        case kWireVersion2: return QuicVersion::V2;
        case kWireVersionDraft29: return QuicVersion::Draft29;
        default: return std::nullopt;
    }
}

std::optional<InitialKeys> derive_client_initial_keys(QuicVersion version,
                                                      std::span<const std::uint8_t> dcid) noexcept {
    const auto parameters = parameters_for(version);
    // This thread's keys for the two secrets: set (hashing their padded blocks) once per derivation,
    // the client secret's then used three times.
    thread_local HmacSha256Key initial_key;
    thread_local HmacSha256Key client_key;
    Sha256Digest initial_secret{};
    if (!salt_key(version).mac(dcid, initial_secret)) return std::nullopt;  // HKDF-Extract
    Sha256Digest client_secret{};
    if (!initial_key.set(initial_secret) || !expand_label(initial_key, "client in", client_secret) ||
        !client_key.set(client_secret)) {
        return std::nullopt;
    }
    InitialKeys keys;
    if (!expand_label(client_key, parameters.key_label, keys.key) ||
        !expand_label(client_key, parameters.iv_label, keys.iv) ||
        !expand_label(client_key, parameters.hp_label, keys.hp)) {
        return std::nullopt;
    }
    return keys;
}

std::optional<InitialKeys> InitialKeyCache::keys_for(QuicVersion version, std::span<const std::uint8_t> dcid) noexcept {
    static_assert(std::tuple_size_v<decltype(Entry::dcid)> == limits::kMaxQuicConnectionIdBytes);
    for (const auto& entry : entries_) {
        if (entry.filled && entry.version == version &&
            std::equal(dcid.begin(), dcid.end(), entry.dcid.begin(), entry.dcid.begin() + entry.dcid_length)) {
            return entry.keys;
        }
    }
    auto keys = derive_client_initial_keys(version, dcid);
    if (!keys || dcid.size() > limits::kMaxQuicConnectionIdBytes) return keys;
    auto& entry = entries_[next_];
    next_ = static_cast<std::uint8_t>((next_ + 1) % entries_.size());
    entry.filled = true;
    entry.version = version;
    entry.dcid_length = static_cast<std::uint8_t>(dcid.size());
    std::copy(dcid.begin(), dcid.end(), entry.dcid.begin());
    entry.keys = *keys;
    return keys;
}

}  // namespace schoolgate::classifiers::quic
