#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/net/cidr.h"
#include "common/net/keyed_hash.h"
#include "common/net/table_allocator.h"

namespace schoolgate::net {

/// Longest-prefix match from address blocks to values. One flat open-addressing table per prefix length in
/// use (power-of-two capacity, at most half full, linear probing), keyed on the masked address (IPv4 as one
/// 32-bit word, IPv6 as two 64-bit words) with the value in the slot; the tables are probed from the longest
/// length down. A lookup costs at most (number of distinct lengths) probes of one slot each, independent of
/// how many blocks are listed (docs/performance.md §3). Keys are hashed with a seed drawn at random when the
/// first block is added (random_hash_seed), so a list cannot be written to pile its blocks into one probe run.
/// Slots are cache-line aligned (TableAllocator).
///
/// `Value` must be default-constructible and copyable. Building is not thread-safe; once built the table is
/// immutable and safe to share across threads for reading. A pointer find() returns stays valid until the
/// next add().
template <typename Value>
class CidrTable {
public:
    CidrTable() = default;
    /// A fixed seed in place of a random one (tests and benchmarks).
    explicit CidrTable(std::uint64_t seed) noexcept : start_(hash_start(seed)), seeded_(true) {}

    /// A block already present keeps its first value and add() returns false.
    bool add(const Cidr& block, Value value) {
        if (!seeded_) {
            start_ = hash_start(random_hash_seed());
            seeded_ = true;
        }
        const std::uint8_t length = block.prefix_length();
        bool added = false;
        if (block.network().is_v4()) {
            added = table_for(v4_, length, v4_mask(length)).insert(key_v4(block.network()) & v4_mask(length), start_, std::move(value));
        } else {
            const V6 mask = v6_mask(length);
            added = table_for(v6_, length, mask).insert(key_v6(block.network()) & mask, start_, std::move(value));
        }
        if (added) ++count_;
        return added;
    }

    /// The value of the longest block containing `address`, or nullptr.
    const Value* find(const IpAddress& address) const noexcept {
        return address.is_v4() ? find_in(v4_, key_v4(address)) : find_in(v6_, key_v6(address));
    }

    std::size_t size() const noexcept { return count_; }
    /// Bytes held by the tables' slots (capacity, not size).
    std::size_t memory_bytes() const noexcept {
        std::size_t bytes = 0;
        for (const auto& t : v4_) bytes += t.slots.capacity() * sizeof(typename Table<std::uint32_t>::Slot);
        for (const auto& t : v6_) bytes += t.slots.capacity() * sizeof(typename Table<V6>::Slot);
        return bytes;
    }

private:
    struct V6 {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        friend bool operator==(const V6&, const V6&) noexcept = default;
        friend V6 operator&(const V6& a, const V6& b) noexcept { return {a.high & b.high, a.low & b.low}; }
    };

    static std::uint64_t hash_key(std::uint64_t start, std::uint32_t key) noexcept { return mix64(start ^ key); }
    static std::uint64_t hash_key(std::uint64_t start, const V6& key) noexcept {
        return mix64(mix64(start ^ key.high) ^ key.low);
    }

    template <typename Key>
    struct Table {
        struct Slot {
            Key key{};
            Value value{};
            bool used = false;
        };
        std::uint8_t prefix_length = 0;
        Key mask{};
        std::vector<Slot, TableAllocator<Slot>> slots;  ///< a power of two, at most half used
        std::size_t used = 0;

        const Slot* probe(std::uint64_t hash, const Key& key) const noexcept {
            // At most half the slots are used, so the walk always reaches an empty one.
            const std::size_t bits = slots.size() - 1;
            for (std::size_t i = hash & bits;; i = (i + 1) & bits) {
                if (!slots[i].used) return nullptr;
                if (slots[i].key == key) return &slots[i];
            }
        }

        bool insert(const Key& key, std::uint64_t start, Value value) {
            if ((used + 1) * 2 > slots.size()) grow(start);
            const std::size_t bits = slots.size() - 1;
            std::size_t i = hash_key(start, key) & bits;
            for (; slots[i].used; i = (i + 1) & bits) {
                if (slots[i].key == key) return false;
            }
            slots[i] = Slot{key, std::move(value), true};
            ++used;
            return true;
        }

        void grow(std::uint64_t start) {
            std::vector<Slot, TableAllocator<Slot>> bigger(std::max<std::size_t>(8, slots.size() * 2));
            const std::size_t bits = bigger.size() - 1;
            for (auto& slot : slots) {
                if (!slot.used) continue;
                std::size_t i = hash_key(start, slot.key) & bits;
                while (bigger[i].used) i = (i + 1) & bits;
                bigger[i] = std::move(slot);
            }
            slots = std::move(bigger);
        }
    };

    static std::uint32_t key_v4(const IpAddress& address) noexcept { return address.v4_host_order(); }
    static V6 key_v6(const IpAddress& address) noexcept {
        const auto bytes = address.bytes();  // 16 bytes for an IPv6 address
        std::uint64_t high;
        std::uint64_t low;
        std::memcpy(&high, bytes.data(), sizeof high);
        std::memcpy(&low, bytes.data() + 8, sizeof low);
        return {__builtin_bswap64(high), __builtin_bswap64(low)};
    }
    static std::uint32_t v4_mask(std::uint8_t length) noexcept {
        return length == 0 ? 0u : ~std::uint32_t{0} << (32 - length);
    }
    static V6 v6_mask(std::uint8_t length) noexcept {
        const auto ones = [](unsigned bits) { return bits == 0 ? 0ull : ~0ull << (64 - bits); };
        return {ones(std::min<unsigned>(length, 64)), ones(length > 64 ? length - 64u : 0u)};
    }

    template <typename Key>
    static Table<Key>& table_for(std::vector<Table<Key>>& tables, std::uint8_t length, const Key& mask) {
        auto table = std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return t.prefix_length == length; });
        if (table != tables.end()) return *table;
        // Longest prefix first; positions move, so find the new table again.
        tables.push_back(Table<Key>{length, mask, {}, 0});
        std::sort(tables.begin(), tables.end(), [](const auto& a, const auto& b) { return a.prefix_length > b.prefix_length; });
        return *std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return t.prefix_length == length; });
    }

    template <typename Key>
    const Value* find_in(const std::vector<Table<Key>>& tables, const Key& address) const noexcept {
        // Hash and prefetch for every length first, so that the probes overlap their cache misses; at most
        // 129 lengths (IPv6 /0 to /128).
        std::array<std::uint64_t, 129> hashes;
        const std::size_t count = tables.size();
        for (std::size_t t = 0; t < count; ++t) {
            hashes[t] = hash_key(start_, address & tables[t].mask);
            __builtin_prefetch(&tables[t].slots[hashes[t] & (tables[t].slots.size() - 1)]);
        }
        for (std::size_t t = 0; t < count; ++t) {
            if (const auto* slot = tables[t].probe(hashes[t], address & tables[t].mask)) return &slot->value;
        }
        return nullptr;
    }

    std::vector<Table<std::uint32_t>> v4_;  ///< longest prefix first
    std::vector<Table<V6>> v6_;
    std::size_t count_ = 0;
    std::uint64_t start_ = 0;  ///< hash_start(seed)
    bool seeded_ = false;
};

}  // namespace schoolgate::net
