#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct TimetableOptions {
    std::string policy;
    std::string catalogue;
    std::string week;  ///< any date in the week to show; empty = this week
};

/// `schoolgate timetable --policy P [--week DATE]`: the week as the school sees it: each day's status
/// (school day, weekend, half term, INSET day, holiday) and its periods.
TimetableOptions& add_timetable_command(CLI::App& app);
int run_timetable(const TimetableOptions& options);

}  // namespace schoolgate::tools
