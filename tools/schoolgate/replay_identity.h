#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "common/result.h"
#include "config/policy/compiled_policy.h"
#include "gateway/identity/identity_snapshot.h"

namespace schoolgate::tools {

/// The identity table a replay decides with: the lease file given (`--leases`, its format given or
/// detected), else the lease files the policy's `identity.dhcp_leases` names, bound to people through the
/// policy's directory. Null when there are none. Nothing is dropped as stale: a replay's instants are the
/// capture's, and each binding answers only inside its lease. Bad lines are warnings (FILE:LINE:COL) and
/// are skipped; a file that cannot be read, or whose format cannot be told, is an error (the exit code).
Result<std::shared_ptr<const gateway::identity::IdentitySnapshot>, int> replay_identity(
    const config::CompiledPolicy& policy, const std::string& leases, const std::string& leases_format, std::ostream& err);

}  // namespace schoolgate::tools
