#include "classifiers/services/service_catalogue.h"

#include <algorithm>

namespace schoolgate::classifiers::services {

ServiceId ServiceCatalogue::add(ServiceDefinition definition, std::vector<std::string>& conflicts) {
    const auto id = static_cast<ServiceId>(definitions_.size() + 1);
    domains_.reserve(definition.domains);
    for (const auto& domain : definition.domains) {
        if (!domains_.add(domain, id)) {
            const auto owner = domains_.match(domain);
            conflicts.push_back("domain " + domain +
                                (owner == id ? " is listed twice for " + definition.name
                                             : " is listed for " + std::string{name(owner)} + " and " + definition.name));
        }
    }
    for (const auto& range : definition.ip_ranges) {
        if (!ranges_.add(range, id)) {
            conflicts.push_back("range " + range.to_string() + " is listed twice (second time for " +
                                definition.name + ")");
        }
    }
    counts_.push_back({definition.domains.size(), definition.ip_ranges.size()});
    // The matchers hold the lists now; a second copy would double the memory of a big list.
    definition.domains = {};
    definition.ip_ranges = {};
    definitions_.push_back(std::move(definition));
    return id;
}

ServiceId ServiceCatalogue::find(std::string_view service_name) const noexcept {
    const auto it = std::find_if(definitions_.begin(), definitions_.end(),
                                 [&](const ServiceDefinition& d) { return d.name == service_name; });
    return it == definitions_.end() ? kNoService : static_cast<ServiceId>(it - definitions_.begin() + 1);
}

ServiceId ServiceCatalogue::find_alias(std::string_view alias) const noexcept {
    const auto it = std::find_if(definitions_.begin(), definitions_.end(), [&](const ServiceDefinition& d) {
        return std::find(d.aliases.begin(), d.aliases.end(), alias) != d.aliases.end();
    });
    return it == definitions_.end() ? kNoService : static_cast<ServiceId>(it - definitions_.begin() + 1);
}

std::string_view ServiceCatalogue::name(ServiceId id) const noexcept {
    const auto* d = definition(id);
    return d ? std::string_view{d->name} : std::string_view{};
}

const ServiceDefinition* ServiceCatalogue::definition(ServiceId id) const noexcept {
    if (id == kNoService || id > definitions_.size()) return nullptr;
    return &definitions_[id - 1];
}

std::size_t ServiceCatalogue::domain_count(ServiceId id) const noexcept {
    return id == kNoService || id > counts_.size() ? 0 : counts_[id - 1].domains;
}

std::size_t ServiceCatalogue::range_count(ServiceId id) const noexcept {
    return id == kNoService || id > counts_.size() ? 0 : counts_[id - 1].ranges;
}

}  // namespace schoolgate::classifiers::services
