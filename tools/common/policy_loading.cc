#include "tools/common/policy_loading.h"

#include <iostream>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "gateway/time/clock.h"

namespace schoolgate::tools {

std::shared_ptr<const gateway::policy::PolicySnapshot> load_policy_snapshot(const std::string& policy_path,
                                                                            const std::string& catalogue_path,
                                                                            std::uint64_t generation) {
    const std::string catalogue = catalogue_path.empty() ? config::yaml::default_catalogue_path() : catalogue_path;
    auto compiled = config::yaml::load_and_compile_policy(policy_path, catalogue);
    if (compiled.ok()) {
        return gateway::policy::PolicySnapshot::make(std::move(compiled).value(), generation);
    }
    const auto errors = std::move(compiled).error();
    for (const auto& error : errors) std::cerr << error.to_string() << '\n';
    std::cerr << errors.size() << (errors.size() == 1 ? " error" : " errors") << " in the policy; nothing was changed.\n";
    return nullptr;
}

std::optional<WallTime> school_instant(const config::CompiledPolicy& policy, const std::string& local_text,
                                       std::string_view option) {
    if (local_text.empty()) return gateway::time::SystemClock{}.wall_now();
    auto instant = policy.read_local_time(local_text);
    if (instant.ok()) return instant.value();
    if (instant.error().malformed) {
        std::cerr << option << ": '" << local_text << "' is not a local time (write it as 2026-03-04T10:15 or 2026-03-04)\n";
    } else {
        std::cerr << option << " " << local_text << ": " << instant.error().message << '\n';
    }
    return std::nullopt;
}

}  // namespace schoolgate::tools
