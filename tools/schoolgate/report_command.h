#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct ReportOptions {
    std::vector<std::string> events;  ///< JSONL files, as replay --events and the daemon write them
    std::string since;                ///< school-local with --policy, else UTC; inclusive
    std::string until;                ///< exclusive; a bare date includes that whole day
    std::string format = "text";
    std::string user;
    std::string device;
    std::string output = "-";
    std::string policy;
    std::string catalogue;
};

/// `schoolgate report EVENTS...`: the e-safety officer's report (text, CSV or HTML), for the whole school
/// or one person (a subject access request). Wiring only: the work is in tools/report/.
ReportOptions& add_report_command(CLI::App& app);
int run_report(const ReportOptions& options);

}  // namespace schoolgate::tools
