#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace schoolgate::tools::daemon {

/// A policy, exemptions or catalogue file anyone on the machine could change is a way round the whole
/// filter: refuse it. Fails with the reason (and the fix) unless the file is safe to read.
Result<void, std::string> refuse_if_writable_by_others(const std::string& path);

/// Becomes `user` (and its group, no supplementary groups) keeping only the capabilities named
/// ("net_admin" to keep answering NFQUEUE and reading the bypass counter; none for passive mode, whose
/// capture socket is already open). Clears the bounding set and sets no_new_privs. Fails with what went wrong and what to do.
Result<void, std::string> drop_privileges(const std::string& user, const std::vector<std::string>& keep_capabilities);

}  // namespace schoolgate::tools::daemon
