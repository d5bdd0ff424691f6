#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/schoolgate/policy_loading.h"

// The daemon. This release validates its policy and refuses to start on any error, exactly as it will
// before taking over a queue; the inline (NFQUEUE) and passive (live capture) modes are not built yet, and
// it says so rather than pretending to filter.
int main(int argc, char** argv) {
    CLI::App app{"schoolgated: the schoolgate gateway daemon"};
    app.set_version_flag("--version", SG_VERSION);
    std::string policy;
    std::string catalogue;
    bool check_only = false;
    app.add_option("--policy", policy, "school policy (YAML)")->required();
    app.add_option("--catalogue", catalogue, "service catalogue (default: the shipped one)");
    app.add_flag("--check", check_only, "validate the policy and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    const auto snapshot = schoolgate::tools::load_policy_snapshot(policy, catalogue, 1);
    if (!snapshot) return schoolgate::tools::kExitConfigError;
    if (check_only) {
        std::cout << policy << ": valid\n";
        return schoolgate::tools::kExitOk;
    }
    std::cerr << "schoolgated: inline (NFQUEUE) and passive capture modes are not available in this build; "
                 "use 'schoolgate replay' to inspect captures. Refusing to start.\n";
    return 69;  // EX_UNAVAILABLE
}
