#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

// OpenSSL's own type, declared here only by name: only classifiers/quic/*.cc include OpenSSL.
struct evp_md_ctx_st;

namespace schoolgate::classifiers::quic {

inline constexpr std::size_t kSha256Bytes = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Bytes>;

/// An HMAC-SHA-256 key (RFC 2104) whose two padded blocks, key XOR ipad and key XOR opad, are hashed once
/// when the key is set: each MAC under it then hashes only the message and the inner digest (2 SHA-256
/// blocks for QUIC's short inputs instead of 4). The two states are OpenSSL digest contexts that have
/// absorbed one block each; a MAC copies them (EVP_MD_CTX_copy_ex) into this thread's working context.
/// Same result as any HMAC-SHA-256. Setting a key is not thread-safe; mac() on a key nobody sets any
/// more is (it only reads the key's states), so one key can be shared by all threads once set.
class HmacSha256Key {
public:
    HmacSha256Key() noexcept;
    ~HmacSha256Key();
    HmacSha256Key(const HmacSha256Key&) = delete;
    HmacSha256Key& operator=(const HmacSha256Key&) = delete;

    /// Hashes the padded key blocks (a key longer than a block is hashed first). False only when
    /// libcrypto fails; the key is then unusable until set again.
    [[nodiscard]] bool set(std::span<const std::uint8_t> key) noexcept;
    /// HMAC-SHA-256(key, message). False when the key is not set or libcrypto fails.
    [[nodiscard]] bool mac(std::span<const std::uint8_t> message, Sha256Digest& out) const noexcept;

private:
    struct ContextFree {
        void operator()(evp_md_ctx_st* context) const noexcept;
    };
    using Context = std::unique_ptr<evp_md_ctx_st, ContextFree>;
    Context inner_;  ///< SHA-256 after key XOR 0x36
    Context outer_;  ///< SHA-256 after key XOR 0x5c
    bool ready_ = false;
};

}  // namespace schoolgate::classifiers::quic
