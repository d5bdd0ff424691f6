#include "classifiers/ndpi/ndpi_gate.h"

#include "classifiers/naming/udp_namer.h"

namespace schoolgate::classifiers::ndpi {

std::string_view answered_by(const FlowInspector& inspector, const NdpiServiceMap& services) noexcept {
    const auto* namer = inspector.namer();
    if (!namer) return inspector.classifier_name();
    for (const auto name : namer->ndpi_names) {
        if (!name.empty() && services.service_for_name(name) != kNoService) return {};
    }
    return namer->name;
}

}  // namespace schoolgate::classifiers::ndpi
