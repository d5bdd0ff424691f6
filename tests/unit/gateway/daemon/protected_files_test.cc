#include "gateway/daemon/protected_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using schoolgate::gateway::daemon::refuse_if_writable_by_others;

namespace {

// A file in the temporary directory with the given mode, removed at the end of the test.
struct ModeFile {
    std::string path;
    explicit ModeFile(mode_t mode)
        : path((std::filesystem::temp_directory_path() / ("sg-privileges-" + std::to_string(::getpid()) + ".yaml")).string()) {
        std::ofstream{path} << "school: {}\n";
        ::chmod(path.c_str(), mode);  // checked by the tests through the function under test
    }
    ~ModeFile() { std::filesystem::remove(path); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(ProtectedFilesTest)

BOOST_AUTO_TEST_CASE(a_file_only_its_owner_and_group_can_change_is_read) {
    const ModeFile file{0664};
    BOOST_TEST(refuse_if_writable_by_others(file.path).ok());
}

BOOST_AUTO_TEST_CASE(a_file_anyone_can_change_is_refused_with_the_fix) {
    const ModeFile file{0666};
    const auto safe = refuse_if_writable_by_others(file.path);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == file.path + ": writable by every user on this machine, so anyone could change the "
                                           "school's filtering (fix: chmod o-w " + file.path + ")");
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_error_not_a_pass) {
    const auto safe = refuse_if_writable_by_others("/nonexistent/schoolgate/policy.yaml");
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == "/nonexistent/schoolgate/policy.yaml: No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()
