#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classifiers/services/domain_suffix_matcher.h"
#include "classifiers/services/ip_range_matcher.h"
#include "classifiers/services/service_id.h"

namespace schoolgate::classifiers::services {

/// One service as the catalogue lists it.
struct ServiceDefinition {
    std::string name;         ///< stable id used in policies and events: "facebook", "instagram", "x"
    std::string display_name; ///< "Facebook", "X (Twitter)"
    /// The company that runs the service ("Meta" for facebook, instagram, threads and whatsapp): services with
    /// one owner may share addresses and CDNs; a name claiming a service on another owner's addresses does not.
    std::string owner;
    std::vector<std::string> domains;     ///< normalised suffixes
    std::vector<net::Cidr> ip_ranges;
    std::vector<std::string> ndpi_protocols;  ///< nDPI protocol names that mean this service
    /// Other names people know the service by ("twitter" for x). Never accepted in place of `name`: a
    /// policy that writes one is told the service's name (did-you-mean), so events keep one name.
    std::vector<std::string> aliases;
};

/// The compiled service catalogue: names and matchers. Built once (by config/) and then immutable, so one
/// instance is shared read-only by every worker through the policy snapshot. A service's domains and ranges
/// are held once, in the matchers (a school's list may have a million of them).
class ServiceCatalogue {
public:
    /// Adds a service and returns its id. Duplicate domains or ranges keep their first owner; the
    /// conflicts are returned in `conflicts` as human-readable text.
    ServiceId add(ServiceDefinition definition, std::vector<std::string>& conflicts);

    ServiceId find(std::string_view name) const noexcept;
    /// The service that lists `alias` among its aliases, or kNoService.
    ServiceId find_alias(std::string_view alias) const noexcept;
    /// "" for kNoService.
    std::string_view name(ServiceId id) const noexcept;
    /// Name, display name and nDPI names as added. Its `domains` and `ip_ranges` are empty: they were moved
    /// into the matchers, and domain_count() / range_count() say how many there were.
    const ServiceDefinition* definition(ServiceId id) const noexcept;
    /// How many domains and ranges the service was added with (repeats included); 0 for kNoService.
    std::size_t domain_count(ServiceId id) const noexcept;
    std::size_t range_count(ServiceId id) const noexcept;
    std::size_t size() const noexcept { return definitions_.size(); }

    ServiceId match_host(std::string_view normalised_name) const noexcept { return domains_.match(normalised_name); }
    std::string_view matching_domain(std::string_view normalised_name) const noexcept {
        return domains_.matching_suffix(normalised_name);
    }
    ServiceId match_address(const net::IpAddress& address) const noexcept { return ranges_.match(address); }

    /// Bytes the matchers hold (benchmarks, docs/performance.md §3).
    std::size_t matcher_bytes() const noexcept { return domains_.memory_bytes() + ranges_.memory_bytes(); }

private:
    struct Counts {
        std::size_t domains = 0;
        std::size_t ranges = 0;
    };
    std::vector<ServiceDefinition> definitions_;  ///< index = id - 1; lists emptied
    std::vector<Counts> counts_;                  ///< index = id - 1
    DomainSuffixMatcher domains_;
    IpRangeMatcher ranges_;
};

}  // namespace schoolgate::classifiers::services
