#include "ndpi_test_support.h"

#include <boost/test/unit_test.hpp>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"

namespace schoolgate::test {

using classifiers::ndpi::NdpiFlow;
using classifiers::ndpi::NdpiModule;
using classifiers::ndpi::NdpiReading;

NdpiModule& shared_module() {
    static NdpiModule module;
    return module;
}

const classifiers::services::ServiceCatalogue& shipped_catalogue() {
    static const auto policy = [] {
        auto compiled = config::yaml::load_and_compile_policy(std::string{SG_SOURCE_DIR} + "/config/examples/hillside.yaml",
                                                              std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml");
        BOOST_REQUIRE(compiled.ok());
        return std::move(compiled).value();
    }();
    return policy->catalogue();
}

NdpiReading read_flow(NdpiModule& module, const CapturedFlow& flow, bool from_first_payload) {
    NdpiFlow ndpi{module};
    NdpiReading reading;
    bool started = !from_first_payload;
    for (const auto& packet : flow.packets) {
        started = started || packet.has_payload;
        if (!started) continue;
        reading = ndpi.feed(packet.ip, packet.time_ms, packet.from_client);
        if (reading.done) return reading;
    }
    return ndpi.giveup();
}

Capture load_capture(const std::string& path) {
    auto capture = read_capture(path);
    BOOST_REQUIRE_MESSAGE(capture.ok(), path + ": " + (capture.ok() ? std::string{} : capture.error()));
    return std::move(capture).value();
}

Capture own_capture(const std::string& relative) {
    return load_capture(std::string{SG_SOURCE_DIR} + "/pcaps/" + relative);
}

}  // namespace schoolgate::test
