#include "classifiers/circumvention/fully_encrypted.h"

#include <algorithm>
#include <bit>
#include <cstdio>

namespace schoolgate::classifiers {

namespace {

constexpr std::size_t kSampleBytes = 1024;
constexpr double kMinBitsPerByte = 3.4;
constexpr double kMaxBitsPerByte = 4.6;
constexpr std::size_t kPrintablePrefix = 6;
constexpr std::size_t kMaxPrintableRun = 20;

bool printable(std::uint8_t byte) noexcept { return byte >= 0x20 && byte <= 0x7e; }

}  // namespace

bool could_still_look_random(std::span<const std::uint8_t> prefix) noexcept {
    if (prefix.size() >= kMinFullyEncryptedSample) return false;
    if (prefix.size() >= kPrintablePrefix && std::all_of(prefix.begin(), prefix.begin() + kPrintablePrefix, printable)) {
        return false;
    }
    // A run of text longer than random bytes ever hold stays in any longer sample.
    std::size_t run = 0;
    for (const auto byte : prefix) {
        run = printable(byte) ? run + 1 : 0;
        if (run > kMaxPrintableRun) return false;
    }
    return true;
}

std::optional<std::string> fully_encrypted_evidence(std::span<const std::uint8_t> first_bytes) {
    if (first_bytes.size() < kMinFullyEncryptedSample) return std::nullopt;
    const auto sample = first_bytes.first(std::min(first_bytes.size(), kSampleBytes));
    std::size_t set_bits = 0;
    std::size_t printable_bytes = 0;
    std::size_t run = 0;
    std::size_t longest_run = 0;
    for (const auto byte : sample) {
        set_bits += static_cast<std::size_t>(std::popcount(byte));
        if (printable(byte)) {
            ++printable_bytes;
            longest_run = std::max(longest_run, ++run);
        } else {
            run = 0;
        }
    }
    const double bits_per_byte = static_cast<double>(set_bits) / static_cast<double>(sample.size());
    if (bits_per_byte <= kMinBitsPerByte || bits_per_byte >= kMaxBitsPerByte) return std::nullopt;
    if (std::all_of(sample.begin(), sample.begin() + kPrintablePrefix, printable)) return std::nullopt;
    if (printable_bytes * 2 > sample.size()) return std::nullopt;
    if (longest_run > kMaxPrintableRun) return std::nullopt;
    char text[200];
    std::snprintf(text, sizeof text,
                  "the client's first %zu bytes look random (%.2f set bits per byte, %zu%% printable) and match no "
                  "known protocol",
                  sample.size(), bits_per_byte, printable_bytes * 100 / sample.size());
    return std::string{text};
}

}  // namespace schoolgate::classifiers
