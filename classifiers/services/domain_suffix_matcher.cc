#include "classifiers/services/domain_suffix_matcher.h"

namespace schoolgate::classifiers::services {

bool DomainSuffixMatcher::add(std::string suffix, ServiceId service) {
    return suffixes_.emplace(std::move(suffix), service).second;
}

std::string_view DomainSuffixMatcher::matching_suffix(std::string_view name) const noexcept {
    // Walk from the whole name towards the top-level label: the first hit is the longest suffix.
    while (!name.empty()) {
        if (suffixes_.find(name) != suffixes_.end()) return name;
        const auto dot = name.find('.');
        if (dot == std::string_view::npos) break;
        name.remove_prefix(dot + 1);
    }
    return {};
}

ServiceId DomainSuffixMatcher::match(std::string_view name) const noexcept {
    const auto suffix = matching_suffix(name);
    if (suffix.empty()) return kNoService;
    return suffixes_.find(suffix)->second;
}

}  // namespace schoolgate::classifiers::services
