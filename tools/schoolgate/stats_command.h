#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct StatsOptions {
    std::string socket = "/run/schoolgate/stats.sock";
};

/// `schoolgate stats [--socket PATH]`: the running daemon's counters (JSON) from its local socket.
StatsOptions& add_stats_command(CLI::App& app);
int run_stats(const StatsOptions& options);

}  // namespace schoolgate::tools
