#pragma once

#include <string>
#include <vector>

namespace schoolgate::config {

/// One mistake in a policy, catalogue or exemptions file, located for a person to fix:
/// "FILE:LINE:COL: path.to.key: what is wrong (how to fix it)". Lines and columns are 1-based; 0 when the
/// mistake has no place in a file (for example a missing file).
struct ConfigError {
    std::string file;
    int line = 0;
    int column = 0;
    std::string path;     ///< "rules[2].action"
    std::string message;  ///< what is wrong, then the fix in parentheses

    std::string to_string() const;
};

using ConfigErrors = std::vector<ConfigError>;

}  // namespace schoolgate::config
