#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/net/cidr.h"

namespace schoolgate::net {

/// Longest-prefix match from address blocks to values. One hash table per prefix length in use, probed
/// from the longest length down: a lookup costs at most (number of distinct lengths) probes, independent
/// of how many blocks are listed. Immutable after building; safe to share across threads for reading.
template <typename Value>
class CidrTable {
public:
    /// A block already present keeps its first value and add() returns false.
    bool add(const Cidr& block, Value value) {
        auto& tables = block.network().is_v4() ? v4_ : v6_;
        auto table = std::find_if(tables.begin(), tables.end(),
                                  [&](const Table& t) { return t.prefix_length == block.prefix_length(); });
        if (table == tables.end()) {
            tables.push_back(Table{block.prefix_length(), {}});
            std::sort(tables.begin(), tables.end(),
                      [](const Table& a, const Table& b) { return a.prefix_length > b.prefix_length; });
            table = std::find_if(tables.begin(), tables.end(),
                                 [&](const Table& t) { return t.prefix_length == block.prefix_length(); });
        }
        const bool added = table->entries.emplace(block.network(), std::move(value)).second;
        if (added) ++count_;
        return added;
    }

    /// The value of the longest block containing `address`, or nullptr.
    const Value* find(const IpAddress& address) const noexcept {
        const auto& tables = address.is_v4() ? v4_ : v6_;
        for (const auto& table : tables) {
            const auto hit = table.entries.find(mask_address(address, table.prefix_length));
            if (hit != table.entries.end()) return &hit->second;
        }
        return nullptr;
    }

    std::size_t size() const noexcept { return count_; }

private:
    struct Table {
        std::uint8_t prefix_length;
        std::unordered_map<IpAddress, Value, IpAddressHash> entries;
    };
    std::vector<Table> v4_;  ///< longest prefix first
    std::vector<Table> v6_;
    std::size_t count_ = 0;
};

}  // namespace schoolgate::net
