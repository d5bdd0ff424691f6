#pragma once

#include <ostream>

#include "tools/report/report_model.h"

namespace schoolgate::tools::report {

/// The header every CSV report starts with; spreadsheets and scripts may rely on these columns.
inline constexpr const char* kCsvColumns[] = {"ts",     "school_time", "period",   "event",   "user",  "device",
                                              "role",   "src_ip",      "dst_ip",   "dst_port", "transport", "host",
                                              "service", "verdict",    "rule",     "techniques", "reason"};

/// One row per event, oldest first: verdicts, circumvention, alerts (services joined by ';', the alert's
/// kind in `rule`) and gaps
/// (the reason says how many events were lost). Techniques are joined by ';'.
void render_csv(const ReportModel& model, std::ostream& out);

}  // namespace schoolgate::tools::report
