#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "classifiers/services/service_id.h"

namespace schoolgate::classifiers::services {

/// Maps domain suffixes to services on whole labels: "facebook.com" matches facebook.com and
/// www.facebook.com, never notfacebook.com or facebook.com.evil.example. The longest listed suffix wins,
/// so a school can list an exception under a broader domain. A lookup costs one hash probe per label of
/// the name (at most 127), whatever the list size. Immutable after building; safe to share across threads.
class DomainSuffixMatcher {
public:
    /// `suffix` must be normalised (lower case, no trailing dot). A repeated suffix keeps its first service
    /// and returns false, so the caller can report the duplicate.
    bool add(std::string suffix, ServiceId service);

    /// The service of the longest listed suffix of `name` (normalised), or kNoService.
    ServiceId match(std::string_view name) const noexcept;
    /// The listed suffix that matched, for explanations; empty when none.
    std::string_view matching_suffix(std::string_view name) const noexcept;

    std::size_t size() const noexcept { return suffixes_.size(); }

private:
    struct TransparentHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, ServiceId, TransparentHash, std::equal_to<>> suffixes_;
};

}  // namespace schoolgate::classifiers::services
