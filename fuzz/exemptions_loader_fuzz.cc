// Fuzz target: the exemptions loader (config/yaml/exemptions_loader.h) and the compile step that checks
// exemption dates, ids and references, reached the way `schoolgate exempt` validates a changed file: the
// Hillside demo policy loaded with this file instead of the exemptions file it names.
// Input: the text of an exemptions file, written to a scratch file.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/config_error.h"
#include "config/model/exemption_model.h"
#include "config/yaml/exemptions_loader.h"
#include "config/yaml/policy_loader.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace config = schoolgate::config;
    static const schoolgate::fuzz::ScratchFile scratch{"exemptions.yaml"};
    static const std::string policy = SG_SOURCE_DIR "/config/examples/hillside.yaml";
    static const std::string catalogue = SG_SOURCE_DIR "/config/catalogue/services.yaml";
    const auto& path = scratch.write({data, size});

    std::vector<config::model::ExemptionModel> exemptions;
    config::ConfigErrors errors;
    config::yaml::load_exemptions(path, exemptions, errors);
    if (errors.empty()) {
        // What `schoolgate exempt` writes back must read again as the same exemptions.
        static const schoolgate::fuzz::ScratchFile rewritten{"rewritten.yaml"};
        const std::string text = config::yaml::exemptions_to_yaml(exemptions);
        std::vector<config::model::ExemptionModel> again;
        config::ConfigErrors again_errors;
        config::yaml::load_exemptions(rewritten.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}),
                                      again, again_errors);
        if (!again_errors.empty() || again.size() != exemptions.size()) std::abort();
    }

    // Meaning (dates, ids, references) is checked only for files whose shape is right:
    // compiling the whole policy costs far more than reading a broken file, and would slow the search.
    if (!errors.empty()) return 0;
    const auto loaded = config::yaml::load_and_compile_policy(policy, catalogue, path);
    if (!loaded.ok()) {
        if (loaded.error().empty()) std::abort();
        for (const auto& error : loaded.error()) (void)error.to_string();
    }
    return 0;
}
