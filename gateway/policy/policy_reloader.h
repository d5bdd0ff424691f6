#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "config/config_error.h"
#include "config/policy/compiled_policy.h"
#include "gateway/policy/policy_store.h"

namespace schoolgate::gateway::policy {

struct ReloadOutcome {
    bool published = false;
    std::uint64_t generation = 0;  ///< the generation in force afterwards
    config::ConfigErrors errors;   ///< every mistake, when not published
};

/// Loads, validates and compiles the policy (with its exemptions) off the packet path and publishes it
/// only when it is entirely valid and the admission check (if any) accepts it; otherwise the last good
/// policy stays in force, the refusal is counted and the errors are returned for logging. Each successful
/// publication gets the next generation number. Called from the control thread only (start-up, SIGHUP, a
/// changed exemptions file); not thread-safe itself.
class PolicyReloader {
public:
    /// What else a compiled policy must pass before it is published: the daemon checks that every file the
    /// *new* policy is made of (its exemptions and list files, which a reload may have changed) is safe to
    /// read. An empty list of errors admits it.
    using Admission = std::function<config::ConfigErrors(const config::CompiledPolicy&)>;

    PolicyReloader(PolicyStore& store, std::string policy_path, std::string catalogue_path, Admission admission = {});

    ReloadOutcome reload();

    std::uint64_t reloads_failed() const noexcept { return reloads_failed_; }   ///< "policy.reload_failed"
    std::uint64_t reloads_published() const noexcept { return reloads_published_; }

private:
    PolicyStore& store_;
    std::string policy_path_;
    std::string catalogue_path_;
    Admission admission_;
    std::uint64_t generation_ = 0;
    std::uint64_t reloads_failed_ = 0;
    std::uint64_t reloads_published_ = 0;
};

}  // namespace schoolgate::gateway::policy
