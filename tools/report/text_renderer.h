#pragma once

#include <ostream>

#include "tools/report/report_heading.h"
#include "tools/report/report_model.h"

namespace schoolgate::tools::report {

/// The week in plain language, for the e-safety officer: totals, blocks by service, role and period,
/// monitored use, circumvention by technique, who tried most, alerts, lost evidence (said first and loudly),
/// and the lines that could not be read. For one person (heading.person set): their timeline instead.
void render_text(const ReportModel& model, const ReportHeading& heading, std::ostream& out);

}  // namespace schoolgate::tools::report
