#pragma once

#include <optional>
#include <string>
#include <vector>

namespace schoolgate::tools::daemon {

/// Becomes `user` (and its group, no supplementary groups) keeping only the capabilities named
/// ("net_admin" to keep answering NFQUEUE and reading the bypass counter; none for passive mode, whose
/// capture socket is already open). Clears the bounding set and sets no_new_privs. Returns the error.
std::optional<std::string> drop_privileges(const std::string& user, const std::vector<std::string>& keep_capabilities);

}  // namespace schoolgate::tools::daemon
