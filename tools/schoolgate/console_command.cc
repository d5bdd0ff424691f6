#include "tools/schoolgate/console_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/console/console_service.h"

namespace schoolgate::tools {

ConsoleCommandOptions& add_console_command(CLI::App& app) {
    static ConsoleCommandOptions o;
    auto* console = app.add_subcommand("console", "Manage the web console's accounts");
    console->require_subcommand(1);
    auto* user = console->add_subcommand("user", "Console accounts");
    user->require_subcommand(1);
    auto* add = user->add_subcommand("add", "Create or replace an account (the password from standard input)");
    add->add_option("name", o.name, "the account: for a headteacher or dsl, their user id in the policy")->required();
    add->add_option("--role", o.role, "headteacher, dsl, network-manager or governor")->required();
    add->add_option("--config", o.config, "the console's configuration (console.yaml)")->required();
    add->add_option("--database", o.database, "the console's store (overrides database in the file)");
    return o;
}

int run_console_command(const ConsoleCommandOptions& o) {
    return console::add_console_user(o.config, o.name, o.role, std::cin, o.database);
}

}  // namespace schoolgate::tools
