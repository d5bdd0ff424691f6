#include "classifiers/quic/hmac_sha256.h"

#include <openssl/evp.h>

#include <algorithm>

#include "classifiers/quic/fetched_algorithms.h"

namespace schoolgate::classifiers::quic {

namespace {

constexpr std::size_t kBlockBytes = 64;

// This thread's context for one-off hashes and for finishing MACs.
EVP_MD_CTX* working_context() noexcept {
    struct Free {
        void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
    };
    thread_local const std::unique_ptr<EVP_MD_CTX, Free> context{EVP_MD_CTX_new()};
    return context.get();
}

bool absorb_block(EVP_MD_CTX* context, const std::array<std::uint8_t, kBlockBytes>& block) noexcept {
    return context && sha256_algorithm() && EVP_DigestInit_ex2(context, sha256_algorithm(), nullptr) == 1 &&
           EVP_DigestUpdate(context, block.data(), block.size()) == 1;
}

// Continues `state` (copied, left as it is) with `message` and writes the digest.
bool finish_from(const EVP_MD_CTX* state, std::span<const std::uint8_t> message, Sha256Digest& out) noexcept {
    EVP_MD_CTX* const context = working_context();
    unsigned int out_length = 0;
    return context && EVP_MD_CTX_copy_ex(context, state) == 1 &&
           EVP_DigestUpdate(context, message.data(), message.size()) == 1 &&
           EVP_DigestFinal_ex(context, out.data(), &out_length) == 1 && out_length == out.size();
}

}  // namespace

void HmacSha256Key::ContextFree::operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }

HmacSha256Key::HmacSha256Key() noexcept : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()) {}

HmacSha256Key::~HmacSha256Key() = default;

bool HmacSha256Key::set(std::span<const std::uint8_t> key) noexcept {
    ready_ = false;
    std::array<std::uint8_t, kBlockBytes> block_key{};
    if (key.size() > kBlockBytes) {
        EVP_MD_CTX* const context = working_context();
        unsigned int length = 0;
        if (!context || !sha256_algorithm() || EVP_DigestInit_ex2(context, sha256_algorithm(), nullptr) != 1 ||
            EVP_DigestUpdate(context, key.data(), key.size()) != 1 ||
            EVP_DigestFinal_ex(context, block_key.data(), &length) != 1 || length != kSha256Bytes) {
            return false;
        }
    } else {
        std::copy(key.begin(), key.end(), block_key.begin());
    }
    std::array<std::uint8_t, kBlockBytes> pad{};
    for (std::size_t i = 0; i < kBlockBytes; ++i) pad[i] = block_key[i] ^ 0x36;
    if (!absorb_block(inner_.get(), pad)) return false;
    for (std::size_t i = 0; i < kBlockBytes; ++i) pad[i] = block_key[i] ^ 0x5c;
    if (!absorb_block(outer_.get(), pad)) return false;
    ready_ = true;
    return true;
}

bool HmacSha256Key::mac(std::span<const std::uint8_t> message, Sha256Digest& out) const noexcept {
    Sha256Digest inner{};
    return ready_ && finish_from(inner_.get(), message, inner) && finish_from(outer_.get(), inner, out);
}

}  // namespace schoolgate::classifiers::quic
