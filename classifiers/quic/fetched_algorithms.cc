#include "classifiers/quic/fetched_algorithms.h"

#include <openssl/evp.h>

namespace schoolgate::classifiers::quic {

// Never freed: they live as long as the process, like the provider that made them.
const EVP_MD* sha256_algorithm() noexcept {
    static const EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return algorithm;
}

const EVP_CIPHER* aes128_ecb_algorithm() noexcept {
    static const EVP_CIPHER* const algorithm = EVP_CIPHER_fetch(nullptr, "AES-128-ECB", nullptr);
    return algorithm;
}

const EVP_CIPHER* aes128_gcm_algorithm() noexcept {
    static const EVP_CIPHER* const algorithm = EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr);
    return algorithm;
}

}  // namespace schoolgate::classifiers::quic
