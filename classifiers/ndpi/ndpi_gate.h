#pragma once

#include <string_view>

#include "classifiers/flow_inspector.h"
#include "classifiers/ndpi/ndpi_mapping.h"

namespace schoolgate::classifiers::ndpi {

/// Who answers for a flow instead of nDPI, for NdpiOpinion::observe's `claimed_by`: the classifier that
/// claimed it, or the namer that named it (classifiers/naming/udp_namer.h); empty when nDPI is to be
/// asked. A named flow is still nDPI's when `services` (the catalogue's nDPI names) maps one of the names
/// nDPI gives the namer's protocol to a service: a school that lists "Dropbox" as a service of its own
/// gets nDPI's reading, as before, because there it can decide the flow.
std::string_view answered_by(const FlowInspector& inspector, const NdpiServiceMap& services) noexcept;

}  // namespace schoolgate::classifiers::ndpi
