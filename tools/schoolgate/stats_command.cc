#include "tools/schoolgate/stats_command.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

StatsOptions& add_stats_command(CLI::App& app) {
    static StatsOptions options;
    auto* stats = app.add_subcommand("stats", "Print the running daemon's counters (from its local stats socket)");
    stats->add_option("--socket", options.socket, "the daemon's stats socket (stats.socket in schoolgated.yaml)");
    return options;
}

int run_stats(const StatsOptions& options) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (options.socket.size() >= sizeof address.sun_path) {
        std::cerr << options.socket << ": path too long\n";
        return kExitCaptureError;
    }
    std::memcpy(address.sun_path, options.socket.c_str(), options.socket.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        std::cerr << options.socket << ": " << std::strerror(errno)
                  << " (is schoolgated running? is this its stats.socket? are you in the schoolgate group?)\n";
        if (fd >= 0) ::close(fd);
        return kExitCaptureError;
    }
    char buffer[4096];
    while (true) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            // Half an answer printed as if it were all of it would mislead; say it was cut short.
            std::cerr << options.socket << ": " << std::strerror(errno) << " (the answer was cut short)\n";
            ::close(fd);
            return kExitCaptureError;
        }
        if (n == 0) break;
        std::cout.write(buffer, n);
    }
    ::close(fd);
    return kExitOk;
}

}  // namespace schoolgate::tools
