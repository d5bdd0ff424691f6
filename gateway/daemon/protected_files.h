#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "common/result.h"
#include "config/model/daemon_model.h"
#include "config/policy/compiled_policy.h"

namespace schoolgate::gateway::daemon {

/// The files whose contents decide what is filtered: the daemon config, the policy, its exemptions, the
/// list files they name and the catalogue. The daemon refuses to start, and refuses a reload, while any
/// of them is not trusted (refuse_if_untrusted).
std::vector<std::string> files_to_protect(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy);

/// The users who may own those files and the directories above them: root, the user running the check,
/// and the daemon's `user` (when it exists on this machine).
std::vector<uid_t> trusted_owners(const std::string& daemon_user);

/// Every file of files_to_protect() that is not trusted, as errors at the file ("FILE: writable by ...
/// (fix: ...)"): the reloader's admission check, so a reload is judged by the files the *new* policy names.
config::ConfigErrors unprotected_files(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy);

/// A policy, exemptions or catalogue file someone other than root or the daemon could change is a way round
/// the whole filter: refuse it. A file is trusted when it is owned by one of `owners`, is writable by neither
/// its group nor everyone, and every directory above it (as named and with symbolic links resolved, up to
/// /) is owned by one of `owners` and writable by neither group nor everyone, unless it is owned by root and
/// has the sticky bit (as /tmp: then only the file's owner or root can rename or remove it). Fails with the
/// first reason and its fix ("PATH: writable by group staff, ... (fix: chmod g-w PATH)", "PATH: owned by
/// alice, ... (fix: chown root PATH)", "PATH: its directory DIR is writable by every user, ... (fix: chmod
/// go-w DIR)" or "PATH: <why it cannot be read>"). Reads the file system and the user database.
Result<void, std::string> refuse_if_untrusted(const std::string& path, const std::vector<uid_t>& owners);

}  // namespace schoolgate::gateway::daemon
