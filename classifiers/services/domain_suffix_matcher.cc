#include "classifiers/services/domain_suffix_matcher.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "common/net/keyed_hash.h"

namespace schoolgate::classifiers::services {

namespace {

constexpr std::size_t kMinCapacity = 16;

// Absorbs the labels of `text` into `h` from the last one to the first and calls visit(h, begin) after each
// (until it returns false): h is then the hash of text.substr(begin). So the hashes of all the suffixes of a
// name cost one pass over it, and a stored suffix hashes to the same value as the same suffix inside a
// longer name.
template <typename Visit>
void for_each_suffix(std::uint64_t h, std::string_view text, Visit&& visit) {
    std::size_t end = text.size();
    while (true) {
        std::size_t begin = end;
        while (begin > 0 && text[begin - 1] != '.') --begin;  // begin - 1 < end <= size
        h = net::absorb_bytes(h, text.substr(begin, end - begin));
        if (!visit(h, begin) || begin == 0) return;
        end = begin - 1;  // the dot before this label
    }
}

}  // namespace

DomainSuffixMatcher::DomainSuffixMatcher(std::uint64_t seed) noexcept
    : start_(net::hash_start(seed)), seeded_(true) {}

void DomainSuffixMatcher::ensure_seeded() {
    if (seeded_) return;
    start_ = net::hash_start(net::random_hash_seed());
    seeded_ = true;
}

std::uint64_t DomainSuffixMatcher::hash_of(std::string_view suffix) const noexcept {
    std::uint64_t whole = 0;
    for_each_suffix(start_, suffix, [&](std::uint64_t h, std::size_t begin) {
        if (begin == 0) whole = h;  // the last visit: the whole text
        return true;
    });
    return whole;
}

bool DomainSuffixMatcher::holds(const Slot& slot, std::uint64_t hash, std::string_view suffix) const noexcept {
    if (slot.hash != hash || slot.length != suffix.size()) return false;
    if (suffix.size() <= kInlineBytes) return std::memcmp(slot.text, suffix.data(), suffix.size()) == 0;
    std::uint32_t offset;
    std::memcpy(&offset, slot.text, sizeof offset);
    return std::memcmp(arena_.data() + offset, suffix.data(), suffix.size()) == 0;
}

const DomainSuffixMatcher::Slot* DomainSuffixMatcher::probe(std::uint64_t hash, std::string_view suffix) const noexcept {
    // At most half the slots are used, so the walk always reaches an empty one.
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.length == 0) return nullptr;
        if (holds(slot, hash, suffix)) return &slot;
    }
}

const DomainSuffixMatcher::Slot* DomainSuffixMatcher::longest(std::string_view name, std::size_t& start) const noexcept {
    if (used_ == 0) return nullptr;
    struct Candidate {
        std::uint64_t hash;
        std::size_t begin;
    };
    // A stored suffix has at most kMaxSuffixBytes bytes, so at most kMaxSuffixBytes + 1 labels (empty ones
    // included): a longer suffix of a longer name cannot be listed, and the walk stops there. (A valid name
    // has at most 127 labels.)
    constexpr std::size_t kMaxCandidates = kMaxSuffixBytes + 1;
    std::array<Candidate, kMaxCandidates> candidates;
    std::size_t count = 0;
    const std::size_t mask = slots_.size() - 1;
    for_each_suffix(start_, name, [&](std::uint64_t h, std::size_t begin) {
        if (begin == name.size()) return true;  // the empty label after a trailing dot: not a suffix
        // Start the slot's cache line on its way now; the probes below then overlap their misses.
        __builtin_prefetch(&slots_[h & mask]);
        candidates[count++] = {h, begin};
        return count < kMaxCandidates;
    });
    // Longest first: the first hit is the answer.
    while (count > 0) {
        --count;
        if (const Slot* hit = probe(candidates[count].hash, name.substr(candidates[count].begin))) {
            start = candidates[count].begin;
            return hit;
        }
    }
    return nullptr;
}

void DomainSuffixMatcher::rehash(std::size_t capacity) {
    std::vector<Slot, net::TableAllocator<Slot>> slots(capacity);
    const std::size_t mask = capacity - 1;
    for (const Slot& slot : slots_) {
        if (slot.length == 0) continue;
        std::size_t i = slot.hash & mask;
        while (slots[i].length != 0) i = (i + 1) & mask;
        slots[i] = slot;
    }
    slots_ = std::move(slots);
}

void DomainSuffixMatcher::reserve(std::span<const std::string> suffixes) {
    std::size_t bytes = 0;  // of the suffixes that will not fit in their slots
    for (const auto& suffix : suffixes) {
        if (suffix.size() > kInlineBytes && suffix.size() <= kMaxSuffixBytes) bytes += suffix.size();
    }
    // Exactly what a big list needs; small lists after it grow the arena by half, not by doubling.
    const std::size_t needed = arena_.size() + bytes;
    if (needed > arena_.capacity()) arena_.reserve(std::max(needed, arena_.capacity() + arena_.capacity() / 2));
    const std::size_t capacity = std::bit_ceil(std::max(kMinCapacity, (used_ + suffixes.size()) * 2));
    if (capacity > slots_.size()) rehash(capacity);
}

bool DomainSuffixMatcher::add(std::string_view suffix, ServiceId service) {
    if (suffix.empty()) {
        if (has_empty_) return false;
        has_empty_ = true;
        ++size_;
        return true;
    }
    if (suffix.size() > kMaxSuffixBytes) return false;
    ensure_seeded();
    if ((used_ + 1) * 2 > slots_.size()) rehash(std::max(kMinCapacity, slots_.size() * 2));
    const std::uint64_t hash = hash_of(suffix);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    for (; slots_[i].length != 0; i = (i + 1) & mask) {
        if (holds(slots_[i], hash, suffix)) return false;
    }
    Slot slot;
    slot.hash = hash;
    slot.service = service;
    slot.length = static_cast<std::uint8_t>(suffix.size());  // 1..255: checked above
    if (suffix.size() <= kInlineBytes) {
        std::memcpy(slot.text, suffix.data(), suffix.size());
    } else {
        if (arena_.size() + suffix.size() > std::numeric_limits<std::uint32_t>::max()) {
            throw std::length_error("DomainSuffixMatcher: more than 4 GiB of listed suffixes");
        }
        const auto offset = static_cast<std::uint32_t>(arena_.size());
        std::memcpy(slot.text, &offset, sizeof offset);
        arena_.insert(arena_.end(), suffix.begin(), suffix.end());
    }
    slots_[i] = slot;
    ++used_;
    ++size_;
    return true;
}

std::string_view DomainSuffixMatcher::matching_suffix(std::string_view name) const noexcept {
    std::size_t start = 0;
    return longest(name, start) ? name.substr(start) : std::string_view{};
}

ServiceId DomainSuffixMatcher::match(std::string_view name) const noexcept {
    std::size_t start = 0;
    const Slot* hit = longest(name, start);
    return hit ? hit->service : kNoService;
}

std::size_t DomainSuffixMatcher::memory_bytes() const noexcept {
    return slots_.capacity() * sizeof(Slot) + arena_.capacity();
}

}  // namespace schoolgate::classifiers::services
