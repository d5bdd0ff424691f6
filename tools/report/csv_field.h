#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace schoolgate::tools::report {

/// One CSV field per RFC 4180 (quoted when it holds a comma, quote, CR or LF; quotes doubled), after a
/// guard against formula injection: host and device names come from pupils' devices, and a field that
/// starts with = + - @ tab or CR would run as a formula in Excel or LibreOffice, so it gets a leading
/// apostrophe (OWASP "CSV injection").
std::string csv_field(std::string_view text);

/// Fields joined with commas and ended with CRLF (RFC 4180).
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace schoolgate::tools::report
