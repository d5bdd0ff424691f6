#pragma once

#include <string>
#include <string_view>

#include "config/policy/compiled_policy.h"

namespace schoolgate::tools {

/// A user id's display name for people to read (explain, report): the directory's, else the policy's
/// `users:`; empty when neither knows the id. Events keep ids only (docs/data-protection.md).
std::string display_name(const config::CompiledPolicy& policy, std::string_view user);

/// "jo.bloggs (Bloggs, Jo)", or the id alone when no display name is known or it says nothing more.
std::string user_with_name(const config::CompiledPolicy& policy, std::string_view user);

}  // namespace schoolgate::tools
