#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct ConsoleCommandOptions {
    std::string name;
    std::string role;
    std::string config;
    std::string database;
};

/// `schoolgate console user add NAME --role ROLE --config FILE [--database FILE]`: a console account, the
/// password from standard input (tools/console/console_service.h).
ConsoleCommandOptions& add_console_command(CLI::App& app);
int run_console_command(const ConsoleCommandOptions& options);

}  // namespace schoolgate::tools
