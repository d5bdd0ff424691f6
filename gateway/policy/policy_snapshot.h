#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "config/policy/compiled_policy.h"

namespace schoolgate::gateway::policy {

/// Everything a worker needs to decide, fixed at publication: the compiled policy (with its service
/// catalogue) and the generation number that every verdict event records.
struct PolicySnapshot {
    std::shared_ptr<const config::CompiledPolicy> policy;
    std::uint64_t generation = 0;
};

}  // namespace schoolgate::gateway::policy
