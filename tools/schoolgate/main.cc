#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/schoolgate/catalogue_command.h"
#include "tools/schoolgate/check_command.h"
#include "tools/schoolgate/console_command.h"
#include "tools/schoolgate/exempt_command.h"
#include "tools/schoolgate/explain_command.h"
#include "tools/schoolgate/firewall_command.h"
#include "tools/common/policy_loading.h"
#include "tools/schoolgate/replay_command.h"
#include "tools/schoolgate/report_command.h"
#include "tools/schoolgate/stats_command.h"
#include "tools/schoolgate/timetable_command.h"

int main(int argc, char** argv) {
    CLI::App app{"schoolgate: enforce a school's social-media policy on its internet gateway"};
    app.set_version_flag("--version", SG_VERSION);
    app.require_subcommand(1);
    auto& replay = schoolgate::tools::add_replay_command(app);
    auto& check = schoolgate::tools::add_check_command(app);
    auto& explain = schoolgate::tools::add_explain_command(app);
    auto& timetable = schoolgate::tools::add_timetable_command(app);
    auto& exempt = schoolgate::tools::add_exempt_command(app);
    auto& report = schoolgate::tools::add_report_command(app);
    auto& firewall = schoolgate::tools::add_firewall_command(app);
    auto& stats = schoolgate::tools::add_stats_command(app);
    auto& catalogue = schoolgate::tools::add_catalogue_command(app);
    auto& console = schoolgate::tools::add_console_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // CLI11 prints the message; --help and --version exit 0, every refused command line EX_USAGE
        // (CLI11's own codes, 105-115, are not ours to document).
        return app.exit(e) == 0 ? schoolgate::tools::kExitOk : schoolgate::tools::kExitUsage;
    }
    if (app.got_subcommand("replay")) return schoolgate::tools::run_replay(replay);
    if (app.got_subcommand("check")) return schoolgate::tools::run_check(check);
    if (app.got_subcommand("explain")) return schoolgate::tools::run_explain(explain);
    if (app.got_subcommand("timetable")) return schoolgate::tools::run_timetable(timetable);
    if (app.got_subcommand("exempt")) return schoolgate::tools::run_exempt(exempt);
    if (app.got_subcommand("report")) return schoolgate::tools::run_report(report);
    if (app.got_subcommand("console")) return schoolgate::tools::run_console_command(console);
    if (app.got_subcommand("firewall")) return schoolgate::tools::run_firewall(firewall);
    if (app.got_subcommand("stats")) return schoolgate::tools::run_stats(stats);
    if (app.got_subcommand("catalogue")) return schoolgate::tools::run_catalogue(catalogue);
    return schoolgate::tools::kExitUsage;
}
