#pragma once

#include <istream>
#include <string>

namespace schoolgate::tools::console {

struct ConsoleOptions {
    std::string config;
    bool check = false;
    std::string listen;    ///< overrides the file's listen
    std::string database;  ///< overrides the file's database
    bool ingest_only = false;
    bool routes = false;
};

/// `schoolgate-console`: reads console.yaml, opens the store, brings the event index up to date and serves
/// the console until SIGTERM/SIGINT (or, with --check, only validates; with --ingest, only ingests; with
/// --routes, prints the route table as JSON lines for the security tests). Returns an exit code.
int run_console(const ConsoleOptions& options);

/// `schoolgate console user add NAME --role ROLE --config FILE`: creates or replaces an account, the
/// password read from `password_in` (one line). A headteacher or dsl account must be a user in the school's
/// policy (a headteacher account one with the headteacher role): approvals record that user.
int add_console_user(const std::string& config, const std::string& name, const std::string& role, std::istream& password_in,
                     const std::string& database_override = {});

}  // namespace schoolgate::tools::console
