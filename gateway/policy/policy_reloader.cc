#include "gateway/policy/policy_reloader.h"

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"

namespace schoolgate::gateway::policy {

PolicyReloader::PolicyReloader(PolicyStore& store, std::string policy_path, std::string catalogue_path,
                               Admission admission)
    : store_(store),
      policy_path_(std::move(policy_path)),
      catalogue_path_(std::move(catalogue_path)),
      admission_(std::move(admission)) {}

ReloadOutcome PolicyReloader::reload() {
    ReloadOutcome outcome;
    auto compiled = config::yaml::load_and_compile_policy(policy_path_, catalogue_path_);
    if (compiled.ok() && admission_) {
        if (auto refused = admission_(*compiled.value()); !refused.empty()) {
            compiled = decltype(compiled)::failure(std::move(refused));
        }
    }
    if (compiled.ok()) {
        store_.publish(PolicySnapshot::make(std::move(compiled).value(), ++generation_));
        ++reloads_published_;
        outcome.published = true;
        outcome.generation = generation_;
        return outcome;
    }
    outcome.errors = std::move(compiled).error();
    ++reloads_failed_;
    outcome.generation = generation_;  // unchanged: the last good policy stays in force
    return outcome;
}

}  // namespace schoolgate::gateway::policy
