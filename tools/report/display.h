#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tools/report/report_event.h"
#include "tools/report/report_heading.h"

namespace schoolgate::tools::report {

// Wording shared by the text and HTML reports, so both say the same thing the same way. Results hold
// untrusted strings: the caller escapes them for its format.

/// "2026-03-04 10:15:00" from the event's school time (UTC "...Z" if it has none).
std::string display_time(const ReportEvent& event);
/// "2026-03-04 10:15:00 to 2026-03-04 10:18:35 (school time)", or "no events in that window".
std::string display_covered(const std::vector<ReportEvent>& events);
/// "alice (pupil, device d-7f2a, 10.20.0.50)" / "pupil at 10.20.0.50".
std::string display_who(const ReportEvent& event);
/// The host, else "ADDRESS:PORT".
std::string display_destination(const ReportEvent& event);
/// "BLOCK", "MONITOR", "ALLOW", "ALERT", "GAP".
std::string display_verdict(const ReportEvent& event);
/// "OpenVPN VPN, Tor" for the event's techniques; "" when none.
std::string display_techniques(const ReportEvent& event);
/// "from ... to ..." describing the window asked for, in words.
std::string display_window(const ReportHeading& heading);
/// "1 block" / "3 blocks".
std::string plural(std::size_t count, std::string_view one, std::string_view many);

}  // namespace schoolgate::tools::report
