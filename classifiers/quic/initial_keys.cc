#include "classifiers/quic/initial_keys.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "classifiers/limits.h"
#include "classifiers/quic/fetched_algorithms.h"

namespace schoolgate::classifiers::quic {

namespace {

constexpr std::size_t kSha256Bytes = 32;
using Secret = std::array<std::uint8_t, kSha256Bytes>;

constexpr std::array<std::uint8_t, 20> kSaltV1{0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                               0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
constexpr std::array<std::uint8_t, 20> kSaltV2{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                                               0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
constexpr std::array<std::uint8_t, 20> kSaltDraft29{0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
                                                    0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};

struct VersionParameters {
    std::span<const std::uint8_t> salt;
    std::string_view key_label;
    std::string_view iv_label;
    std::string_view hp_label;
};

VersionParameters parameters_for(QuicVersion version) noexcept {
    switch (version) {
        case QuicVersion::V2: return {kSaltV2, "quicv2 key", "quicv2 iv", "quicv2 hp"};
        case QuicVersion::Draft29: return {kSaltDraft29, "quic key", "quic iv", "quic hp"};
        case QuicVersion::V1: break;
    }
    return {kSaltV1, "quic key", "quic iv", "quic hp"};
}

struct DigestContextFree {
    void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};

// SHA-256 of two pieces, on this thread's reused context.
bool sha256_of(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second, Secret& out) noexcept {
    thread_local const std::unique_ptr<EVP_MD_CTX, DigestContextFree> context{EVP_MD_CTX_new()};
    unsigned int out_length = 0;
    return context && sha256_algorithm() && EVP_DigestInit_ex2(context.get(), sha256_algorithm(), nullptr) == 1 &&
           EVP_DigestUpdate(context.get(), first.data(), first.size()) == 1 &&
           EVP_DigestUpdate(context.get(), second.data(), second.size()) == 1 &&
           EVP_DigestFinal_ex(context.get(), out.data(), &out_length) == 1 && out_length == out.size();
}

// HMAC-SHA-256 (RFC 2104) over the SHA-256 fetched once, rather than OpenSSL's one-shot HMAC(), which
// looks the digest up again on every call.
bool hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data, Secret& out) noexcept {
    constexpr std::size_t kBlockBytes = 64;
    std::array<std::uint8_t, kBlockBytes> block_key{};
    if (key.size() > kBlockBytes) {
        Secret hashed{};
        if (!sha256_of(key, {}, hashed)) return false;
        std::copy(hashed.begin(), hashed.end(), block_key.begin());
    } else {
        std::copy(key.begin(), key.end(), block_key.begin());
    }
    std::array<std::uint8_t, kBlockBytes> pad{};
    for (std::size_t i = 0; i < kBlockBytes; ++i) pad[i] = block_key[i] ^ 0x36;
    Secret inner{};
    if (!sha256_of(pad, data, inner)) return false;
    for (std::size_t i = 0; i < kBlockBytes; ++i) pad[i] = block_key[i] ^ 0x5c;
    return sha256_of(pad, inner, out);
}

// HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for outputs of at most one SHA-256 block, which
// is all QUIC Initial keys need: T(1) = HMAC(secret, HkdfLabel || 0x01).
template <std::size_t N>
bool expand_label(const Secret& secret, std::string_view label, std::array<std::uint8_t, N>& out) noexcept {
    static_assert(N <= kSha256Bytes);
    constexpr std::string_view kPrefix = "tls13 ";
    std::vector<std::uint8_t> info;
    info.reserve(4 + kPrefix.size() + label.size() + 1);
    info.push_back(0);
    info.push_back(static_cast<std::uint8_t>(N));
    info.push_back(static_cast<std::uint8_t>(kPrefix.size() + label.size()));
    info.insert(info.end(), kPrefix.begin(), kPrefix.end());
    info.insert(info.end(), label.begin(), label.end());
    info.push_back(0);  // empty context
    info.push_back(1);  // block counter
    Secret block{};
    if (!hmac_sha256(secret, info, block)) return false;
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
    Secret initial_secret{};
    if (!hmac_sha256(parameters.salt, dcid, initial_secret)) return std::nullopt;  // HKDF-Extract
    Secret client_secret{};
    if (!expand_label(initial_secret, "client in", client_secret)) return std::nullopt;
    InitialKeys keys;
    if (!expand_label(client_secret, parameters.key_label, keys.key) ||
        !expand_label(client_secret, parameters.iv_label, keys.iv) ||
        !expand_label(client_secret, parameters.hp_label, keys.hp)) {
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
