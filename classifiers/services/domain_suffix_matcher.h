#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/services/service_id.h"
#include "common/net/table_allocator.h"

namespace schoolgate::classifiers::services {

/// Maps domain suffixes to services on whole labels: "facebook.com" matches facebook.com and
/// www.facebook.com, never notfacebook.com or facebook.com.evil.example. The longest listed suffix wins,
/// so a school can list an exception under a broader domain.
///
/// Built for lists of a million names (docs/performance.md §3): a flat open-addressing table (power-of-two
/// capacity, at most half full, linear probing) of 32-byte slots, two to a cache line, each holding the
/// suffix's 64-bit hash, its service, its length and the suffix itself when it has at most 21 bytes (most
/// domains do), else its offset in one string arena. A lookup hashes every suffix of the name in one
/// right-to-left pass over its labels, then probes from the longest suffix down; a probe reads one slot and
/// compares text only when the whole 64-bit hash matches, so a hit on a short suffix touches one cache line.
/// A lookup costs one pass over the name and at most one probe per label (a valid name has at most 127),
/// whatever the list size. The hash is keyed with a seed drawn at random when the first suffix is added
/// (net::random_hash_seed), so a list cannot be written to pile its entries into one probe run; results
/// never depend on the seed. Slots are cache-line aligned (net::TableAllocator).
///
/// Building is not thread-safe; once built the matcher is immutable and safe to share across threads.
class DomainSuffixMatcher {
public:
    /// The longest suffix add() takes: a DNS name has at most 253 bytes.
    static constexpr std::size_t kMaxSuffixBytes = 255;

    DomainSuffixMatcher() = default;
    /// A fixed seed in place of a random one (tests and benchmarks).
    explicit DomainSuffixMatcher(std::uint64_t seed) noexcept;

    /// `suffix` must be normalised (lower case, no trailing dot). Returns false, and changes nothing, when
    /// the suffix is already listed (it keeps its first service, so the caller can report the duplicate) or
    /// is longer than kMaxSuffixBytes. An empty suffix is counted but never matches. Throws
    /// std::length_error when the arena would pass 4 GiB (the list-file limits keep real policies far below).
    bool add(std::string_view suffix, ServiceId service);
    /// Makes room for the suffixes about to be added, so that building a big list does not grow the table
    /// and the arena step by step.
    void reserve(std::span<const std::string> suffixes);

    /// The service of the longest listed suffix of `name` (normalised), or kNoService.
    ServiceId match(std::string_view name) const noexcept;
    /// The listed suffix that matched (a view into `name`), for explanations; empty when none.
    std::string_view matching_suffix(std::string_view name) const noexcept;

    std::size_t size() const noexcept { return size_; }
    /// Bytes held by the table and the arena (capacity, not size).
    std::size_t memory_bytes() const noexcept;

private:
    static constexpr std::size_t kInlineBytes = 21;
    struct Slot {
        std::uint64_t hash = 0;
        ServiceId service = kNoService;
        std::uint8_t length = 0;  ///< 0 = empty slot (stored suffixes are never empty)
        char text[kInlineBytes] = {};  ///< the suffix when length <= kInlineBytes, else its 4-byte arena offset
    };
    static_assert(sizeof(Slot) == 32, "two slots a cache line");

    bool holds(const Slot& slot, std::uint64_t hash, std::string_view suffix) const noexcept;
    const Slot* probe(std::uint64_t hash, std::string_view suffix) const noexcept;
    const Slot* longest(std::string_view name, std::size_t& start) const noexcept;
    std::uint64_t hash_of(std::string_view suffix) const noexcept;
    void rehash(std::size_t capacity);
    void ensure_seeded();

    std::vector<Slot, net::TableAllocator<Slot>> slots_;  ///< empty until the first add; then a power of two, at most half used
    std::vector<char> arena_;  ///< suffixes longer than kInlineBytes
    std::size_t used_ = 0;     ///< occupied slots
    std::size_t size_ = 0;     ///< used_ plus the empty suffix, if added
    std::uint64_t start_ = 0;  ///< net::hash_start(seed)
    bool seeded_ = false;
    bool has_empty_ = false;
};

}  // namespace schoolgate::classifiers::services
