#include "tools/schoolgated/control_loop.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

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
    return {[](const std::string&) {}, [] { return std::string{}; }, [] { return std::string{}; }, std::move(health)};
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

BOOST_AUTO_TEST_SUITE_END()
