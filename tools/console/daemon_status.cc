#include "tools/console/daemon_status.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace schoolgate::tools::console {

nlohmann::json daemon_stats(const std::string& socket_path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.size() >= sizeof address.sun_path) return {{"error", socket_path + ": path too long"}};
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return {{"error", std::strerror(errno)}};
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return {{"error", socket_path + ": " + why + " (is schoolgated running?)"}};
    }
    std::string text;
    char buffer[4096];
    pollfd waiting{fd, POLLIN, 0};
    while (text.size() < 1024 * 1024 && ::poll(&waiting, 1, 2000) > 0) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    auto stats = nlohmann::json::parse(text, nullptr, false);
    if (stats.is_discarded() || !stats.is_object()) return {{"error", socket_path + ": the answer is not JSON"}};
    return stats;
}

}  // namespace schoolgate::tools::console
