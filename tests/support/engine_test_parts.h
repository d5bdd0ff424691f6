#pragma once

// Parts the engine's unit tests share: a sink that keeps every verdict event, and a compiled example policy.

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "config/yaml/policy_loader.h"
#include "gateway/engine/inspection_engine.h"

namespace schoolgate::gateway::engine::testing {

/// Keeps every verdict event the engine records (alerts are not looked at).
class CapturingSink final : public events::EventSink {
public:
    void record(const events::VerdictEvent& event) override { events.push_back(event); }
    void record(const events::AlertEvent&) override {}
    std::vector<events::VerdictEvent> events;
};

/// An example policy of config/examples (e.g. "demo-policy.yaml") compiled with the shipped catalogue.
inline std::shared_ptr<const policy::PolicySnapshot> example_snapshot(const std::string& policy_file) {
    auto model = config::yaml::load_policy(std::string{SG_SOURCE_DIR "/config/examples/"} + policy_file,
                                           SG_SOURCE_DIR "/config/catalogue/services.yaml");
    BOOST_REQUIRE_MESSAGE(model.ok(), policy_file + " loads");
    auto compiled = config::compile_policy(std::move(model).value());
    BOOST_REQUIRE_MESSAGE(compiled.ok(), policy_file + " compiles");
    return policy::PolicySnapshot::make(compiled.value(), 1);
}

}  // namespace schoolgate::gateway::engine::testing
