#include "classifiers/quic/packet_protection.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>

#include "classifiers/quic/fetched_algorithms.h"

namespace schoolgate::classifiers::quic {

namespace {

struct CipherContextFree {
    void operator()(EVP_CIPHER_CTX* context) const noexcept { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

// One context per cipher and thread, set to its cipher once and given each packet's key (and nonce) by an
// init that names no cipher, which keeps the provider's context: a context made and freed per Initial
// cost an allocation, a cipher reference and its cleansing each time (docs/performance.md). Null when
// libcrypto cannot make it, which callers treat as "cannot decrypt".
EVP_CIPHER_CTX* context_for(const EVP_CIPHER* cipher, bool encrypt) noexcept {
    CipherContext context{EVP_CIPHER_CTX_new()};
    if (!context || !cipher || EVP_CipherInit_ex(context.get(), cipher, nullptr, nullptr, nullptr, encrypt ? 1 : 0) != 1) {
        return nullptr;
    }
    return context.release();
}

EVP_CIPHER_CTX* header_protection_context() noexcept {
    thread_local const CipherContext context{context_for(aes128_ecb_algorithm(), true)};
    return context.get();
}

EVP_CIPHER_CTX* payload_context() noexcept {
    thread_local const CipherContext context{context_for(aes128_gcm_algorithm(), false)};
    return context.get();
}

std::array<std::uint8_t, 12> nonce_for(const std::array<std::uint8_t, 12>& iv, std::uint64_t packet_number) {
    auto nonce = iv;
    // The packet number, left-padded to the IV's size, is XORed into its last 8 bytes (big-endian).
    for (std::size_t i = 0; i < 8; ++i) {
        nonce[nonce.size() - 1 - i] ^= static_cast<std::uint8_t>(packet_number >> (8 * i));
    }
    return nonce;
}

}  // namespace

std::optional<std::array<std::uint8_t, 5>> header_protection_mask(const std::array<std::uint8_t, 16>& hp,
                                                                  std::span<const std::uint8_t> sample) noexcept {
    if (sample.size() != kHeaderProtectionSampleBytes) return std::nullopt;
    EVP_CIPHER_CTX* const context = header_protection_context();
    if (!context) return std::nullopt;
    std::array<std::uint8_t, kHeaderProtectionSampleBytes + 16> block{};
    int written = 0;
    if (EVP_EncryptInit_ex(context, nullptr, nullptr, hp.data(), nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(context, 0) != 1 ||
        EVP_EncryptUpdate(context, block.data(), &written, sample.data(), static_cast<int>(sample.size())) != 1 ||
        written != static_cast<int>(kHeaderProtectionSampleBytes)) {
        return std::nullopt;
    }
    std::array<std::uint8_t, 5> mask{};
    std::copy_n(block.begin(), mask.size(), mask.begin());
    return mask;
}

bool open_payload(const InitialKeys& keys, std::uint64_t packet_number, std::span<const std::uint8_t> header,
                  std::span<const std::uint8_t> sealed, std::vector<std::uint8_t>& plaintext) noexcept {
    if (sealed.size() < kAeadTagBytes) return false;
    const auto ciphertext = sealed.first(sealed.size() - kAeadTagBytes);
    std::array<std::uint8_t, kAeadTagBytes> tag{};
    const auto sealed_tag = sealed.last(kAeadTagBytes);
    std::copy(sealed_tag.begin(), sealed_tag.end(), tag.begin());
    const auto nonce = nonce_for(keys.iv, packet_number);

    EVP_CIPHER_CTX* const context = payload_context();
    if (!context) return false;
    plaintext.resize(ciphertext.size());  // at most a datagram: within the capacity after the first packet
    std::array<std::uint8_t, 16> tail{};  // GCM writes nothing at the end; the buffer only satisfies the API
    int written = 0;
    int finished = 0;
    if (EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        EVP_DecryptInit_ex(context, nullptr, nullptr, keys.key.data(), nonce.data()) != 1 ||
        EVP_DecryptUpdate(context, nullptr, &written, header.data(), static_cast<int>(header.size())) != 1 ||
        EVP_DecryptUpdate(context, plaintext.data(), &written, ciphertext.data(),
                          static_cast<int>(ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()), tag.data()) != 1 ||
        EVP_DecryptFinal_ex(context, tail.data(), &finished) != 1 || finished != 0) {
        return false;
    }
    plaintext.resize(static_cast<std::size_t>(written));
    return true;
}

}  // namespace schoolgate::classifiers::quic
