#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace schoolgate::tools::daemon {

/// Becomes `user` (and its group, no supplementary groups) keeping only the capabilities named
/// ("net_admin" to keep answering NFQUEUE and reading the bypass counter; none for passive mode, whose
/// capture socket is already open). Clears the bounding set and sets no_new_privs. Fails with what went wrong and what to do.
Result<void, std::string> drop_privileges(const std::string& user, const std::vector<std::string>& keep_capabilities);

}  // namespace schoolgate::tools::daemon
