#pragma once

// OpenSSL's own types, declared here only by name: only classifiers/quic/*.cc include OpenSSL.
struct evp_md_st;
struct evp_cipher_st;

namespace schoolgate::classifiers::quic {

/// SHA-256, AES-128-ECB and AES-128-GCM, each fetched from OpenSSL's default provider once per process.
/// OpenSSL 3 looks an algorithm up again whenever it is named by the legacy getters (EVP_sha256(),
/// EVP_aes_128_gcm()) or the one-shot HMAC(): about 20,000 instructions a call, more than the
/// cryptography itself for QUIC's short inputs. Fetched objects are immutable and shared between threads.
/// Null only when the provider lacks the algorithm, which callers treat as "cannot decrypt".
const evp_md_st* sha256_algorithm() noexcept;
const evp_cipher_st* aes128_ecb_algorithm() noexcept;
const evp_cipher_st* aes128_gcm_algorithm() noexcept;

}  // namespace schoolgate::classifiers::quic
