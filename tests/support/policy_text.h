#pragma once

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "support/temp_file.h"

namespace schoolgate::test {

/// A policy written in the test itself, loaded with the shipped catalogue and compiled; the test stops if
/// either step reports an error. For config/ tests (they link config and config_yaml).
inline std::shared_ptr<const config::CompiledPolicy> compile_policy_text(const std::string& yaml) {
    TempFile policy{yaml};
    auto loaded =
        config::yaml::load_policy(policy.path(), std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml");
    BOOST_REQUIRE(loaded.ok());
    auto compiled = config::compile_policy(std::move(loaded).value());
    BOOST_REQUIRE(compiled.ok());
    return compiled.value();
}

}  // namespace schoolgate::test
