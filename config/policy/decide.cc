#include "config/policy/decide.h"

namespace schoolgate::config {

namespace {
constexpr std::string_view kDefaultRuleName = "default";
constexpr std::string_view kDefaultReason = "No rule in the school's policy matched this connection.";
}  // namespace

Decision decide(const CompiledPolicy& policy, const Subject& /*subject*/,
                const classifiers::Observations& observations, WallTime /*at*/) noexcept {
    // Rules are service-scoped: a flow that is not a listed service only meets the default.
    const auto service = observations.service;
    if (service != classifiers::kNoService) {
        for (const auto& rule : policy.rules()) {
            const bool service_matches = rule.any_service || (service < rule.services.size() && rule.services[service]);
            if (service_matches) return {rule.action, rule.name, rule.reason};
        }
    }
    return {policy.default_action(), kDefaultRuleName, kDefaultReason};
}

}  // namespace schoolgate::config
