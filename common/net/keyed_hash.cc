#include "common/net/keyed_hash.h"

#include <atomic>
#include <exception>
#include <random>

namespace schoolgate::net {

KeyedStringHash::KeyedStringHash() : seed(random_hash_seed()) {}

std::uint64_t random_hash_seed() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    const std::uint64_t fallback = mix64(reinterpret_cast<std::uintptr_t>(&counter) ^ ++counter);
    try {
        std::random_device device;
        return (std::uint64_t{device()} << 32) ^ device() ^ fallback;
    } catch (const std::exception&) {
        // No entropy source (a seccomp filter, a chroot without /dev/urandom): the tables still work, with
        // a seed an outsider is unlikely to know.
        return fallback;
    }
}

}  // namespace schoolgate::net
