#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/report/report_model.h"

namespace schoolgate::tools::report {

/// A horizontal bar chart as inline SVG: one bar per row, its label on the left and its count on the
/// right. Labels are untrusted (service names from the policy, periods, technique names from the file):
/// they are escaped and cut to fit. `colour` is a CSS colour from our own code, never from events.
std::string svg_bar_chart(std::string_view title, const Tally& rows, std::string_view colour);

/// A stacked column per day (or hour): blocked, circumvention and monitored, with a legend.
std::string svg_timeline(std::string_view title, const std::vector<TimelineBucket>& buckets);

/// Cuts UTF-8 text to at most `max_bytes` without splitting a character, adding "…" when cut.
std::string fit_label(std::string_view text, std::size_t max_bytes);

}  // namespace schoolgate::tools::report
