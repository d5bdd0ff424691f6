// Fuzz target: the policy loader, the one error path every command and the daemon's reload share
// (config/yaml/policy_loader.h, load_and_compile_policy: yaml-cpp, the strict readers, then compile_policy).
// Input: the text of a school's policy file. It is written to a scratch file (the API takes a path) and
// loaded with the shipped catalogue. The example exemptions files sit beside it, so a policy naming
// `exemptions: hillside-exemptions.yaml` reads one. Every error must be located and printable.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "config/config_error.h"
#include "config/yaml/policy_loader.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace yaml = schoolgate::config::yaml;
    static const schoolgate::fuzz::ScratchFile scratch{"policy.yaml"};
    static const bool exemptions_beside = [] {
        namespace fs = std::filesystem;
        for (const auto& entry : fs::directory_iterator{SG_SOURCE_DIR "/config/examples"}) {
            const auto name = entry.path().filename().string();
            if (name.ends_with("-exemptions.yaml")) fs::copy_file(entry.path(), fs::path{scratch.dir()} / name);
        }
        return true;
    }();
    (void)exemptions_beside;
    static const std::string catalogue = SG_SOURCE_DIR "/config/catalogue/services.yaml";
    const auto& path = scratch.write({data, size});
    const auto loaded = yaml::load_and_compile_policy(path, catalogue);
    if (!loaded.ok()) {
        if (loaded.error().empty()) std::abort();  // a refusal always says why
        for (const auto& error : loaded.error()) {
            if (error.to_string().empty() || error.line < 0 || error.column < 0) std::abort();
        }
    }
    return 0;
}
