#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "classifiers/circumvention/technique.h"
#include "classifiers/services/domain_suffix_matcher.h"
#include "classifiers/services/ip_range_matcher.h"

namespace schoolgate::classifiers {

/// Names and addresses that are themselves evidence of a technique: public DoH resolvers (dns.doh), web
/// proxy and anonymiser sites (proxy.site), VPN apps' services (vpn.app) and ECH public names (tls.ech).
/// Built once with the policy and immutable after; safe to share across threads. Lookups cost the same
/// as the service catalogue's: one hash probe per label, one longest-prefix walk per address.
class IndicatorCatalogue {
public:
    /// `suffix` normalised. False when the suffix is already listed (the first technique keeps it).
    bool add_domain(std::string suffix, Technique technique);
    bool add_range(const net::Cidr& block, Technique technique);

    std::optional<Technique> match_host(std::string_view normalised_name) const noexcept;
    std::string_view matching_domain(std::string_view normalised_name) const noexcept {
        return domains_.matching_suffix(normalised_name);
    }
    std::optional<Technique> match_address(const net::IpAddress& address) const noexcept;
    std::size_t size() const noexcept { return domains_.size(); }

private:
    static ServiceId encode(Technique technique) noexcept { return static_cast<ServiceId>(static_cast<int>(technique) + 1); }
    static std::optional<Technique> decode(ServiceId id) noexcept;

    services::DomainSuffixMatcher domains_;
    services::IpRangeMatcher ranges_;
};

}  // namespace schoolgate::classifiers
