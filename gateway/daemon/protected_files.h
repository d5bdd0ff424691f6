#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "config/model/daemon_model.h"
#include "config/policy/compiled_policy.h"

namespace schoolgate::gateway::daemon {

/// The files whose contents decide what is filtered: the daemon config, the policy, its exemptions, the
/// list files they name and the catalogue. The daemon refuses to start, and refuses a reload, while any
/// of them is writable by other users.
std::vector<std::string> files_to_protect(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy);

/// Every file of files_to_protect() that is writable by other users, as errors at the file ("FILE: writable
/// by every user ... (fix: ...)"): the reloader's admission check, so a reload is judged by the files the
/// *new* policy names.
config::ConfigErrors unprotected_files(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy);

/// A policy, exemptions or catalogue file anyone on the machine could change is a way round the whole
/// filter: refuse it. Fails with the reason ("PATH: writable by every user ... (fix: chmod o-w PATH)" or
/// "PATH: <why it cannot be read>") unless the file is safe to read.
Result<void, std::string> refuse_if_writable_by_others(const std::string& path);

}  // namespace schoolgate::gateway::daemon
