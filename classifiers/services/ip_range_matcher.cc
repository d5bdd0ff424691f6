#include "classifiers/services/ip_range_matcher.h"

#include <algorithm>

namespace schoolgate::classifiers::services {

bool IpRangeMatcher::add(const net::Cidr& block, ServiceId service) {
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
    const bool added = table->networks.emplace(block.network(), service).second;
    if (added) ++count_;
    return added;
}

ServiceId IpRangeMatcher::match(const net::IpAddress& address) const noexcept {
    const auto& tables = address.is_v4() ? v4_ : v6_;
    for (const auto& table : tables) {
        const auto hit = table.networks.find(net::mask_address(address, table.prefix_length));
        if (hit != table.networks.end()) return hit->second;
    }
    return kNoService;
}

}  // namespace schoolgate::classifiers::services
