#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "classifiers/ndpi/ndpi_mapping.h"
#include "config/policy/compiled_policy.h"

namespace schoolgate::gateway::policy {

/// Everything a worker needs to decide, fixed at publication: the compiled policy (with its service
/// catalogue), nDPI's protocol names mapped onto that catalogue, and the generation number that every
/// verdict event records. Built once per reload, off the packet path; read-only afterwards.
struct PolicySnapshot {
    std::shared_ptr<const config::CompiledPolicy> policy;
    classifiers::ndpi::NdpiServiceMap ndpi_services;
    std::uint64_t generation = 0;

    static std::shared_ptr<const PolicySnapshot> make(std::shared_ptr<const config::CompiledPolicy> policy,
                                                      std::uint64_t generation) {
        auto snapshot = std::make_shared<PolicySnapshot>();
        snapshot->ndpi_services = classifiers::ndpi::NdpiServiceMap{policy->catalogue()};
        snapshot->policy = std::move(policy);
        snapshot->generation = generation;
        return snapshot;
    }
};

}  // namespace schoolgate::gateway::policy
