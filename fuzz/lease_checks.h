#pragma once

// Checks shared by the lease file fuzz targets: what every parse of any bytes must hold.

#include <algorithm>
#include <cstdlib>

#include "config/identity/lease.h"
#include "config/identity/limits.h"

namespace schoolgate::fuzz {

inline void check_lease_file(const config::identity::LeaseFile& file) {
    using namespace config::identity;
    if (file.leases.size() > kMaxLeases || file.issues.size() > kMaxIssues) std::abort();
    if (file.more_issues > 0 && file.issues.size() != kMaxIssues) std::abort();
    for (const auto& lease : file.leases) {
        if (lease.host.size() > kMaxHostNameBytes) std::abort();
        if (std::any_of(lease.host.begin(), lease.host.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) std::abort();
        if (lease.line == 0) std::abort();
    }
    for (const auto& issue : file.issues) {
        if (issue.line == 0 || issue.message.empty()) std::abort();
    }
}

}  // namespace schoolgate::fuzz
