#pragma once

#include <string>
#include <string_view>

namespace schoolgate::tools::report {

/// An untrusted string made safe to print on a terminal: C0 and C1 control characters (ESC starts
/// terminal escape sequences; a newline would forge a report line) become '?'.
std::string terminal_safe(std::string_view text);

}  // namespace schoolgate::tools::report
