#include "classifiers/circumvention/indicator_catalogue.h"

namespace schoolgate::classifiers {

bool IndicatorCatalogue::add_domain(std::string suffix, Technique technique) {
    return domains_.add(std::move(suffix), encode(technique));
}

bool IndicatorCatalogue::add_range(const net::Cidr& block, Technique technique) {
    return ranges_.add(block, encode(technique));
}

std::optional<Technique> IndicatorCatalogue::decode(ServiceId id) noexcept {
    if (id == kNoService) return std::nullopt;
    return static_cast<Technique>(id - 1);
}

std::optional<Technique> IndicatorCatalogue::match_host(std::string_view normalised_name) const noexcept {
    return decode(domains_.match(normalised_name));
}

std::optional<Technique> IndicatorCatalogue::match_address(const net::IpAddress& address) const noexcept {
    return decode(ranges_.match(address));
}

}  // namespace schoolgate::classifiers
