#pragma once

#include <string>
#include <string_view>

namespace schoolgate::tools::report {

/// What the e-safety officer reads for a technique's wire name: "vpn.openvpn" -> "OpenVPN VPN". A name this
/// table does not know (a newer engine) is shown as written, so nothing is hidden.
std::string technique_title(std::string_view wire_name);

/// True when `technique_title` has its own entry for the name (a test keeps the table complete).
bool has_technique_title(std::string_view wire_name) noexcept;

}  // namespace schoolgate::tools::report
