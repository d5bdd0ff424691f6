#pragma once

// The promises every classifier makes about what it reports, checked after each fuzz input: a host name is
// normalised (at most 253 bytes of lower-case letters, digits, '-', '_', '*', '.', or an IPv6 literal's
// hex digits and ':'), ALPN protocols are printable, and every list stays within its limit.

#include <cstdlib>

#include "classifiers/limits.h"
#include "classifiers/observations.h"

namespace schoolgate::fuzz {

inline void check_observations(const classifiers::Observations& observations) {
    namespace limits = classifiers::limits;
    if (observations.host.size() > limits::kMaxHostNameBytes) std::abort();
    for (const char c : observations.host) {
        const bool name_byte = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                               c == '*' || c == '.' || c == ':';
        if (!name_byte) std::abort();
    }
    if (observations.tls) {
        if (observations.tls->alpn.size() > limits::kMaxAlpnProtocols) std::abort();
        for (const auto& protocol : observations.tls->alpn) {
            for (const char c : protocol) {
                if (c < 0x20 || c > 0x7e) std::abort();
            }
        }
        if (observations.tls->supported_versions.size() > limits::kMaxSupportedVersions) std::abort();
    }
}

}  // namespace schoolgate::fuzz
