#pragma once

#include <cstddef>

#include "classifiers/services/service_id.h"
#include "common/net/cidr_table.h"

namespace schoolgate::classifiers::services {

/// Maps addresses to the service whose published ranges contain them (longest prefix wins; a flat table
/// per prefix length, net::CidrTable). Immutable after building; safe to share across threads.
class IpRangeMatcher {
public:
    /// A repeated block keeps its first service and returns false.
    bool add(const net::Cidr& block, ServiceId service) { return table_.add(block, service); }
    ServiceId match(const net::IpAddress& address) const noexcept {
        const ServiceId* service = table_.find(address);
        return service ? *service : kNoService;
    }
    std::size_t size() const noexcept { return table_.size(); }
    std::size_t memory_bytes() const noexcept { return table_.memory_bytes(); }

private:
    net::CidrTable<ServiceId> table_;
};

}  // namespace schoolgate::classifiers::services
