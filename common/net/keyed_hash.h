#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace schoolgate::net {

/// Keyed 64-bit hashing for the flat tables built from lists that come from outside: the CIDR table, the
/// domain-suffix matcher and the list-file reader. Each table draws its own seed (random_hash_seed()), so
/// a list cannot be written to pile its entries into one probe run of a table whose seed it does not know.
/// Results of a lookup never depend on the seed; only where an entry sits does.

/// SplitMix64's finaliser: a bijection on 64-bit words with full avalanche, a few cycles.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// The starting state for a seed (so that seed 0 does not start from 0).
constexpr std::uint64_t hash_start(std::uint64_t seed) noexcept { return mix64(seed ^ 0x9e3779b97f4a7c15ULL); }

/// Absorbs `bytes` into the running hash `h` with fixed-size loads only (no byte loop, no call to memcpy;
/// a lookup's instructions decide how far the processor can run ahead of its cache misses): eight bytes a
/// word, the last word overlapping the one before; 4-7 bytes as two overlapping 4-byte words; 1-3 bytes as
/// the first, middle and last byte. Each form, with the length mixed in, determines the bytes, so "ab" then
/// "c" differs from "a" then "bc". Any length; only bytes inside the view are read.
inline std::uint64_t absorb_bytes(std::uint64_t h, std::string_view bytes) noexcept {
    const std::size_t n = bytes.size();
    const char* data = bytes.data();
    const auto load64 = [](const char* at) {
        std::uint64_t word;
        std::memcpy(&word, at, sizeof word);
        return word;
    };
    const auto load32 = [](const char* at) {
        std::uint32_t word;
        std::memcpy(&word, at, sizeof word);
        return std::uint64_t{word};
    };
    std::uint64_t last = 0;
    if (n >= 8) {
        for (std::size_t at = 0; at + 8 < n; at += 8) h = mix64(h ^ load64(data + at));  // at + 8 < n: inside
        last = load64(data + n - 8);
    } else if (n >= 4) {
        last = load32(data) | (load32(data + n - 4) << 32);
    } else if (n > 0) {
        const auto byte = [&](std::size_t at) { return std::uint64_t{static_cast<unsigned char>(data[at])}; };
        last = byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
    }
    return mix64((h ^ last) + static_cast<std::uint64_t>(n) * 0x9e3779b97f4a7c15ULL);
}

/// A keyed hasher for std containers keyed by strings that come from outside (identities, DNS names): the
/// seed is drawn when the container is built, so a flood of chosen keys cannot pile into one bucket.
struct KeyedStringHash {
    KeyedStringHash();
    std::size_t operator()(std::string_view text) const noexcept {
        return static_cast<std::size_t>(absorb_bytes(hash_start(seed), text));
    }
    std::uint64_t seed;
};

/// A seed from the operating system's random source (std::random_device); if that is unavailable, a value
/// derived from the address of a local and a counter. Never on the packet path: tables draw it once, when
/// they are built.
std::uint64_t random_hash_seed() noexcept;

}  // namespace schoolgate::net
