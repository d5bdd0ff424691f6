#include "tools/schoolgate/check_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/schoolgate/policy_loading.h"

namespace schoolgate::tools {

CheckOptions& add_check_command(CLI::App& app) {
    static CheckOptions options;
    auto* check = app.add_subcommand("check", "Validate a policy file and summarise it");
    check->add_option("policy", options.policy, "school policy (YAML)")->required();
    check->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    return options;
}

int run_check(const CheckOptions& options) {
    const auto snapshot = load_policy_snapshot(options.policy, options.catalogue, 0);
    if (!snapshot) return kExitConfigError;
    const auto& policy = *snapshot->policy;
    std::cout << options.policy << ": valid\n";
    std::cout << "  school: " << policy.school_name() << " (time zone " << policy.time_zone_name() << ")\n";
    std::cout << "  services: " << policy.catalogue().size() << '\n';
    for (std::size_t id = 1; id <= policy.catalogue().size(); ++id) {
        const auto* service = policy.catalogue().definition(static_cast<classifiers::ServiceId>(id));
        std::cout << "    " << service->name << " (" << service->display_name << "): " << service->domains.size()
                  << " domains, " << service->ip_ranges.size() << " IP ranges\n";
    }
    std::cout << "  rules: " << policy.rules().size() << '\n';
    for (const auto& rule : policy.rules()) {
        std::cout << "    " << rule.name << ": " << config::model::action_name(rule.action) << " - " << rule.reason << '\n';
    }
    std::cout << "  default: " << config::model::action_name(policy.default_action()) << '\n';
    return kExitOk;
}

}  // namespace schoolgate::tools
