#pragma once

#include <cstdint>

namespace schoolgate::classifiers {

/// Index of a service in the compiled catalogue (ServiceCatalogue::name() gives its name). 0 means
/// "not a listed service".
using ServiceId = std::uint16_t;
inline constexpr ServiceId kNoService = 0;

}  // namespace schoolgate::classifiers
