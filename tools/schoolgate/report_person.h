#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/policy/compiled_policy.h"
#include "tools/report/event_filter.h"
#include "tools/report/report_event.h"

namespace schoolgate::tools {

/// For `report --user` and `--device`: a subject access request must never come back "no events" because of
/// a typo. The person asked for must be one the events name or the policy (when given) lists; a device may
/// also be an address. When they are not, the error to print: who was not found, the nearest id or display
/// name, and where the known ones come from. nullopt when the person is known (or none was asked for).
std::optional<std::string> unknown_person(const report::EventFilter& filter, const std::vector<report::ReportEvent>& events,
                                          const config::CompiledPolicy* policy);

}  // namespace schoolgate::tools
