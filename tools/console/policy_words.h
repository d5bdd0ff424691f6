#pragma once

#include <string>

#include "config/model/policy_model.h"

namespace schoolgate::tools::console {

/// A rule in plain English: "role pupil: social-media blocked at all times."
std::string rule_sentence(const config::model::RuleModel& rule);

/// The policy's rules as the Policy page shows them and the annual review pack prints them, one renderer
/// for both: an ordered list (HTML, every name escaped) of the rules in plain English with each rule's name
/// and reason, what happens to everything else, then the circumvention rules.
std::string policy_rules_html(const config::model::PolicyModel& model);

}  // namespace schoolgate::tools::console
