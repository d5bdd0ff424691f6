#include <CLI/CLI.hpp>

#include "tools/common/policy_loading.h"
#include "tools/console/console_service.h"

int main(int argc, char** argv) {
    CLI::App app{"schoolgate-console: the school's web console (exemptions, timelines, reports, status)"};
    app.set_version_flag("--version", SG_VERSION);
    schoolgate::tools::console::ConsoleOptions options;
    app.add_option("--config", options.config, "the console's configuration (console.yaml)")->required();
    app.add_flag("--check", options.check, "check the configuration and the policy, then exit");
    app.add_option("--listen", options.listen, "ADDRESS:PORT to serve on (overrides listen in the file)");
    app.add_option("--database", options.database, "the SQLite store (overrides database in the file)");
    app.add_flag("--ingest", options.ingest_only, "bring the event index up to date, then exit");
    app.add_flag("--routes", options.routes, "print the route table (JSON lines) and exit");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? schoolgate::tools::kExitOk : schoolgate::tools::kExitUsage;
    }
    return schoolgate::tools::console::run_console(options);
}
