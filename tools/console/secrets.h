#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace schoolgate::tools::console {

/// An argon2id hash of `password` in the PHC encoded form, with a fresh random salt. Parameters are OWASP's
/// argon2id minimum (19 MiB, 2 passes, 1 lane): about 30 ms here, slow enough against guessing.
Result<std::string, std::string> hash_password(std::string_view password);

/// Whether `password` matches an encoded argon2id hash (constant time in the comparison).
bool verify_password(std::string_view password, const std::string& encoded) noexcept;

/// `bytes` random bytes from the kernel's generator (OpenSSL RAND_bytes), as hex: session ids, CSRF tokens.
std::string random_token(std::size_t bytes = 32);

/// SHA-256 of `text` as hex: what the store keeps instead of a session id.
std::string sha256_hex(std::string_view text);

/// Equal, in time independent of where they differ (CSRF tokens).
bool same_secret(std::string_view a, std::string_view b) noexcept;

}  // namespace schoolgate::tools::console
