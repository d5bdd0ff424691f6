#pragma once

#include <string>

#include "config/model/policy_model.h"

namespace schoolgate::tools::console {

/// A rule in plain English: "role pupil: social-media blocked at all times." `names_people` false (a
/// governor's copy): a rule for named users says "one named person" / "3 named people", never their ids.
std::string rule_sentence(const config::model::RuleModel& rule, bool names_people = true);

/// The policy's rules as the Policy page shows them and the annual review pack prints them, one renderer
/// for both: an ordered list (HTML, every name escaped) of the rules in plain English with each rule's name
/// and reason, what happens to everything else, then the circumvention rules.
std::string policy_rules_html(const config::model::PolicyModel& model, bool names_people = true);

}  // namespace schoolgate::tools::console
