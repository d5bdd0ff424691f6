#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "config/config_error.h"
#include "config/model/exemption_model.h"

namespace schoolgate::config::yaml {

/// Reads an exemptions file (`exemptions:` list) into `out`, appending every mistake to `errors`: unknown
/// keys, a `who` that names not exactly one of user/device/role/network, and missing id, services, until,
/// reason or approved_by (an exemption without an end or an approver is refused). Dates are checked by
/// compile_policy(), which knows the school's time zone.
void load_exemptions(const std::string& path, std::vector<model::ExemptionModel>& out, ConfigErrors& errors);

/// The YAML text of an exemptions file holding `exemptions`, in file order.
std::string exemptions_to_yaml(const std::vector<model::ExemptionModel>& exemptions);

}  // namespace schoolgate::config::yaml
