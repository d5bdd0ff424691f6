#pragma once

#include <ostream>

#include "tools/report/report_heading.h"
#include "tools/report/report_model.h"

namespace schoolgate::tools::report {

/// The Content-Security-Policy of every HTML report: nothing may load from anywhere (no scripts at all,
/// no fetches, no images but inline data, no forms); only the page's own <style> applies.
inline constexpr const char* kHtmlContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// One self-contained page: the same facts as the text report, inline SVG charts (blocks by service and
/// by period, circumvention by technique, a per-day or per-hour timeline) and tables. No JavaScript, no
/// external assets, every untrusted string escaped.
void render_html(const ReportModel& model, const ReportHeading& heading, std::ostream& out);

}  // namespace schoolgate::tools::report
