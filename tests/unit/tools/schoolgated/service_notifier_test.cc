#include "tools/schoolgated/service_notifier.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using schoolgate::tools::daemon::ServiceNotifier;

namespace {

// The service manager's end of the notify protocol: a datagram socket the test owns, named by NOTIFY_SOCKET,
// with WATCHDOG_USEC set as systemd sets it for a unit with WatchdogSec=. Undone at the end of the test.
struct NotifySocket {
    std::filesystem::path dir;
    int fd = -1;
    explicit NotifySocket(std::chrono::microseconds watchdog) {
        std::string pattern = (std::filesystem::temp_directory_path() / "sg-notify-XXXXXX").string();
        dir = ::mkdtemp(pattern.data());
        const std::string path = (dir / "notify").string();
        fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
        BOOST_REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
        ::setenv("WATCHDOG_USEC", std::to_string(watchdog.count()).c_str(), 1);
        ::unsetenv("WATCHDOG_PID");
    }
    ~NotifySocket() {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        ::close(fd);
        std::filesystem::remove_all(dir);
    }
    // Every datagram that has arrived, in order.
    std::vector<std::string> received() const {
        std::vector<std::string> messages;
        char buffer[4096];
        for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) messages.emplace_back(buffer, static_cast<std::size_t>(n));
        return messages;
    }
};

// A packet worker's loop as the daemon's watchdog sees it: a count of rounds, one every 10 ms, that a test can
// stop by hanging the worker inside a round (the fault a stuck worker would be), then let go.
struct TestWorker {
    std::atomic<std::uint64_t> rounds{0};
    std::atomic<bool> hang{false};
    std::atomic<bool> stop{false};
    std::thread thread{[this] {
        while (!stop.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds{10});
            if (!hang.load()) ++rounds;
        }
    }};
    ~TestWorker() {
        stop = true;
        thread.join();
    }
};

std::size_t count_of(const std::vector<std::string>& messages, const std::string& what) {
    std::size_t count = 0;
    for (const auto& message : messages) count += message.find(what) != std::string::npos ? 1 : 0;
    return count;
}

// The control loop's rounds for `how_long`, one every 50 ms (it goes round at least once a second).
void tick_for(ServiceNotifier& notifier, const schoolgate::gateway::time::Clock& clock, std::chrono::milliseconds how_long) {
    const auto until = clock.monotonic_now() + how_long;
    while (clock.monotonic_now() < until) {
        notifier.tick(clock.monotonic_now());
        std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ServiceNotifierTest)

// The notify protocol for real (libsystemd's sd_notify into a socket the test made): READY=1 first, then
// WATCHDOG=1 while both workers go round; no WATCHDOG=1 while one worker hangs (systemd would kill and restart
// the daemon), and pings again once it moves.
BOOST_AUTO_TEST_CASE(ready_then_watchdog_pings_that_stop_while_a_worker_hangs) {
    const NotifySocket manager{std::chrono::seconds{2}};  // pings every 0.5 s; a worker still for 1 s is stuck
    TestWorker first;
    TestWorker second;
    ServiceNotifier notifier{{[&] { return first.rounds.load(); }, [&] { return second.rounds.load(); }}};
    BOOST_TEST(notifier.watchdog_interval().has_value());
    const schoolgate::gateway::time::SystemClock clock;

    notifier.ready("filtering");
    tick_for(notifier, clock, std::chrono::milliseconds{1600});
    const auto running = manager.received();
    BOOST_REQUIRE(!running.empty());
    BOOST_TEST(running.front() == "READY=1\nSTATUS=filtering");
    BOOST_TEST(count_of(running, "WATCHDOG=1") >= 2u, "pings while every worker goes round");

    second.hang = true;
    tick_for(notifier, clock, std::chrono::milliseconds{1200});  // past the allowance: found stuck
    (void)manager.received();
    tick_for(notifier, clock, std::chrono::milliseconds{2500});  // longer than the watchdog interval
    BOOST_TEST(count_of(manager.received(), "WATCHDOG=1") == 0u, "no ping while a worker hangs");

    second.hang = false;
    tick_for(notifier, clock, std::chrono::milliseconds{1200});
    BOOST_TEST(count_of(manager.received(), "WATCHDOG=1") >= 1u, "pings again once the worker moves");
    notifier.stopping();
    BOOST_TEST(count_of(manager.received(), "STOPPING=1") == 1u);
}

// Not under systemd (no NOTIFY_SOCKET, no WATCHDOG_USEC): nothing is sent and nothing fails.
BOOST_AUTO_TEST_CASE(without_a_service_manager_it_does_nothing) {
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ServiceNotifier notifier{{[] { return std::uint64_t{0}; }}};
    BOOST_TEST(!notifier.watchdog_interval().has_value());
    notifier.ready("filtering");
    const schoolgate::gateway::time::SystemClock clock;
    notifier.tick(clock.monotonic_now());
    BOOST_TEST(notifier.pings_sent() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
