#pragma once

#include <memory>
#include <string>

#include "capture_flows.h"
#include "classifiers/ndpi/ndpi_flow.h"
#include "classifiers/ndpi/ndpi_module.h"
#include "classifiers/services/service_catalogue.h"

namespace schoolgate::test {

/// One nDPI module for the whole test process (creating one takes tens of milliseconds).
classifiers::ndpi::NdpiModule& shared_module();

/// The catalogue schoolgate ships (config/catalogue/services.yaml), compiled with the Hillside example
/// policy, as the engine sees it.
const classifiers::services::ServiceCatalogue& shipped_catalogue();

/// Feeds a captured flow to a fresh NdpiFlow until nDPI is done, then asks for its best guess if it is
/// not. With `from_first_payload`, packets before the first one carrying TCP/UDP payload are not fed
/// (the engine asks nDPI only once our own classifiers have had the first payload and declined it).
classifiers::ndpi::NdpiReading read_flow(classifiers::ndpi::NdpiModule& module, const CapturedFlow& flow,
                                         bool from_first_payload = false);

/// The capture at `path`, which must be readable (BOOST_REQUIRE).
Capture load_capture(const std::string& path);

/// The project's own capture `pcaps/<relative>`.
Capture own_capture(const std::string& relative);

}  // namespace schoolgate::test
