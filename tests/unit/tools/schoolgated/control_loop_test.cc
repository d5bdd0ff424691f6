#include "tools/schoolgated/control_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

using schoolgate::Result;
using schoolgate::tools::daemon::ControlLoop;

namespace {

// A fresh directory under the temporary directory, removed at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "sg-control-loop-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

ControlLoop::Hooks hooks_with_health(std::function<Result<void, std::string>()> health) {
    return {[](const std::string&) {}, [] { return std::string{}; }, [] { return std::string{}; }, std::move(health), {}};
}

// A port on 127.0.0.1 nobody listens on just now (the kernel's pick for port 0).
std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    BOOST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

// A connected client socket that gives up reading after `timeout_s` seconds; -1 if it cannot connect.
int connect_to(const sockaddr* address, socklen_t length, int timeout_s) {
    const int fd = ::socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval timeout{timeout_s, 0};
    (void)::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    (void)::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);  // a full backlog: give up
    if (::connect(fd, address, length) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int connect_stats(const std::string& path, int timeout_s) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return connect_to(reinterpret_cast<const sockaddr*>(&address), sizeof address, timeout_s);
}

int connect_metrics(std::uint16_t port, int timeout_s) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect_to(reinterpret_cast<const sockaddr*>(&address), sizeof address, timeout_s);
}

// Reads to the end (or the socket's receive timeout); what arrived.
std::string read_all(int fd) {
    std::string text;
    if (fd < 0) return text;
    char buffer[4096];
    while (true) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) return text;
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ControlLoopTest)

BOOST_AUTO_TEST_CASE(a_stats_socket_path_too_long_is_an_error_that_says_so) {
    const std::string path = "/tmp/" + std::string(200, 's') + ".sock";
    const auto loop = ControlLoop::open(path, 0, {});
    BOOST_REQUIRE(!loop.ok());
    BOOST_TEST(loop.error() == path + ": socket path too long");
}

BOOST_AUTO_TEST_CASE(the_stats_socket_is_for_owner_and_group_only) {
    const TempDir dir;
    const std::string socket = (dir.path / "stats.sock").string();
    const auto loop = ControlLoop::open(socket, 0, {(dir.path / "policy.yaml").string()});
    BOOST_REQUIRE_MESSAGE(loop.ok(), (loop.ok() ? "" : loop.error()));
    struct stat info {};
    BOOST_REQUIRE(::stat(socket.c_str(), &info) == 0);
    BOOST_TEST((info.st_mode & 0777) == 0660u);
}

// A worker whose capture broke must end the loop with its error, not leave the daemon running on nothing.
BOOST_AUTO_TEST_CASE(run_ends_with_the_error_of_an_unhealthy_worker) {
    const TempDir dir;
    auto loop = ControlLoop::open("", 0, {(dir.path / "policy.yaml").string()});
    BOOST_REQUIRE(loop.ok());
    int asked = 0;
    const auto health = [&]() -> Result<void, std::string> {
        if (++asked < 2) return Result<void, std::string>::success();
        return Result<void, std::string>::failure("capture on the mirror port broke: the interface went down");
    };
    const schoolgate::gateway::time::SimulatedClock clock{schoolgate::WallTime{}};
    const auto stopped = loop.value()->run(hooks_with_health(health), clock);
    BOOST_REQUIRE(!stopped.ok());
    BOOST_TEST(stopped.error() == "capture on the mirror port broke: the interface went down");
    BOOST_TEST(asked == 2);
}

// Found: 25 idle connections to the metrics port delayed `schoolgate stats` by 4.8 s, and SIGHUP and SIGTERM
// with it (each client held the control thread for up to 200 ms), and a stats client that never read a long
// answer held it for good. Now no client can hold it: with 40 idle, half-written and never-reading clients
// open, a stats request, a metrics request, SIGHUP and SIGTERM are all answered. The timeouts are functional
// (generous, seconds): the old loop took over 8 s here, or never answered at all.
BOOST_AUTO_TEST_CASE(idle_half_written_and_never_reading_clients_cannot_hold_up_the_control_loop) {
    ControlLoop::block_signals();  // before the loop's thread starts: SIGHUP and SIGTERM reach its signalfd
    const TempDir dir;
    const std::string socket = (dir.path / "stats.sock").string();
    const std::uint16_t port = free_loopback_port();
    auto opened = ControlLoop::open(socket, port, {(dir.path / "policy.yaml").string()});
    BOOST_REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error()));
    std::atomic<int> reloads{0};
    const std::string big_answer(4 << 20, 's');  // more than a socket buffer: a reader that never reads stalls it
    const ControlLoop::Hooks hooks{[&](const std::string&) { ++reloads; }, [&] { return big_answer; },
                                   [] { return std::string{"schoolgate_up 1\n"}; },
                                   [] { return Result<void, std::string>::success(); }, {}};
    const schoolgate::gateway::time::SystemClock clock;
    auto stopped = std::async(std::launch::async, [&] { return opened.value()->run(hooks, clock); });

    std::vector<int> hostile;
    for (int i = 0; i < 20; ++i) hostile.push_back(connect_metrics(port, 1));  // idle: say nothing
    for (int i = 0; i < 10; ++i) {
        hostile.push_back(connect_metrics(port, 1));
        const std::string half = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // no end of headers
        (void)::send(hostile.back(), half.data(), half.size(), MSG_NOSIGNAL);
    }
    for (int i = 0; i < 10; ++i) hostile.push_back(connect_stats(socket, 1));  // connected, never read
    std::this_thread::sleep_for(std::chrono::milliseconds{300});  // let the loop meet them all

    const int stats = connect_stats(socket, 6);
    BOOST_TEST(stats >= 0, "the stats socket takes a connection");
    BOOST_TEST(read_all(stats).size() == big_answer.size(), "a stats request is answered whole");
    ::close(stats);
    const int metrics = connect_metrics(port, 6);
    const std::string request = "GET /metrics HTTP/1.0\r\n\r\n";
    BOOST_TEST(::send(metrics, request.data(), request.size(), MSG_NOSIGNAL) > 0);
    const std::string answer = read_all(metrics);
    ::close(metrics);
    BOOST_TEST(answer.find("200 OK") != std::string::npos);
    BOOST_TEST(answer.find("schoolgate_up 1") != std::string::npos);

    ::kill(::getpid(), SIGHUP);
    for (int i = 0; i < 60 && reloads.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds{50});
    BOOST_TEST(reloads.load() == 1, "SIGHUP reloads within 3 s");
    ::kill(::getpid(), SIGTERM);
    const bool stops = stopped.wait_for(std::chrono::seconds{3}) == std::future_status::ready;
    BOOST_TEST(stops, "SIGTERM stops the loop within 3 s");
    for (int fd : hostile) ::close(fd);  // (lets the old loop, stuck on a never-reading client, finish)
    if (!stops) ::kill(::getpid(), SIGTERM);
    BOOST_TEST(stopped.get().ok());
}

// A client that connects and says nothing is closed at its deadline, so it holds no resource for long.
BOOST_AUTO_TEST_CASE(a_client_that_says_nothing_is_closed_at_its_deadline) {
    const TempDir dir;
    const std::uint16_t port = free_loopback_port();
    auto opened = ControlLoop::open("", port, {(dir.path / "policy.yaml").string()});
    BOOST_REQUIRE(opened.ok());
    std::atomic<bool> stop{false};
    const ControlLoop::Hooks hooks{[](const std::string&) {}, [] { return std::string{}; },
                                   [] { return std::string{"m\n"}; }, [&]() -> Result<void, std::string> {
                                       if (stop.load()) return Result<void, std::string>::failure("done");
                                       return Result<void, std::string>::success();
                                   },
                                   {}};
    const schoolgate::gateway::time::SystemClock clock;
    auto stopped = std::async(std::launch::async, [&] { return opened.value()->run(hooks, clock); });
    const int idle = connect_metrics(port, 10);
    BOOST_REQUIRE(idle >= 0);
    char byte = 0;
    BOOST_TEST(::read(idle, &byte, 1) == 0, "the daemon closes the idle connection (end of file, not a timeout)");
    ::close(idle);
    stop = true;
    BOOST_TEST(stopped.get().error() == "done");
}

BOOST_AUTO_TEST_SUITE_END()
