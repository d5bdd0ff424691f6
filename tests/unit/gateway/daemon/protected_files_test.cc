#include "gateway/daemon/protected_files.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/yaml/policy_loader.h"

using schoolgate::gateway::daemon::refuse_if_untrusted;
using schoolgate::gateway::daemon::trusted_owners;

namespace {

// A fresh directory (mode 0755) holding policy.yaml with the given mode, removed at the end of the test.
// The temporary directory itself is /tmp: root's, with the sticky bit, so it is trusted.
struct PolicyDir {
    std::filesystem::path dir;
    std::string path;
    explicit PolicyDir(mode_t mode) {
        std::string pattern = (std::filesystem::temp_directory_path() / "sg-protected-XXXXXX").string();
        dir = ::mkdtemp(pattern.data());
        ::chmod(dir.c_str(), 0755);  // checked by the tests through the function under test
        path = (dir / "policy.yaml").string();
        std::ofstream{path} << "school: {}\n";
        ::chmod(path.c_str(), mode);
    }
    ~PolicyDir() { std::filesystem::remove_all(dir); }
};

const std::vector<uid_t> kOwners = trusted_owners("");  // root and whoever runs the test

std::string my_group() { return ::getgrgid(::getegid())->gr_name; }

}  // namespace

BOOST_AUTO_TEST_SUITE(ProtectedFilesTest)

BOOST_AUTO_TEST_CASE(a_file_only_its_owner_can_change_in_a_directory_only_its_owner_can_change_is_read) {
    const PolicyDir policy{0644};
    BOOST_TEST(refuse_if_untrusted(policy.path, kOwners).ok());
    const PolicyDir private_policy{0640};
    BOOST_TEST(refuse_if_untrusted(private_policy.path, kOwners).ok());
}

BOOST_AUTO_TEST_CASE(a_file_anyone_can_change_is_refused_with_the_fix) {
    const PolicyDir policy{0666};
    const auto safe = refuse_if_untrusted(policy.path, kOwners);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == policy.path + ": writable by every user on this machine, so anyone could change the "
                                             "school's filtering (fix: chmod o-w " + policy.path + ")");
}

BOOST_AUTO_TEST_CASE(a_file_its_group_can_change_is_refused_with_the_fix) {
    const PolicyDir policy{0664};
    const auto safe = refuse_if_untrusted(policy.path, kOwners);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == policy.path + ": writable by group " + my_group() +
                                   ", so its members could change the school's filtering (fix: chmod g-w " + policy.path + ")");
}

BOOST_AUTO_TEST_CASE(a_file_owned_by_someone_else_is_refused_with_the_fix) {
    const PolicyDir policy{0644};
    const uid_t owner = ::geteuid();
    // Judged as if the daemon ran as another user, and neither it nor root owned the file.
    const std::vector<uid_t> others{owner + 4242};
    const auto safe = refuse_if_untrusted(policy.path, others);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error().rfind(policy.path + ": owned by ", 0) == 0);
    BOOST_TEST(safe.error().find(", who could change the school's filtering (fix: chown root " + policy.path + ")") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_file_in_a_directory_its_group_or_everyone_can_write_is_refused_with_the_fix) {
    const PolicyDir policy{0644};
    ::chmod(policy.dir.c_str(), 0775);
    auto safe = refuse_if_untrusted(policy.path, kOwners);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == policy.path + ": its directory " + policy.dir.string() + " is writable by group " + my_group() +
                                   ", who could replace the file (fix: chmod go-w " + policy.dir.string() + ")");
    ::chmod(policy.dir.c_str(), 0757);
    safe = refuse_if_untrusted(policy.path, kOwners);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == policy.path + ": its directory " + policy.dir.string() +
                                   " is writable by every user, who could replace the file (fix: chmod go-w " +
                                   policy.dir.string() + ")");
}

// /tmp's shape: everyone may write, but with the sticky bit and owned by root only the file's owner or root
// can rename or remove the file. Without the sticky bit, or owned by anyone else, it is refused.
BOOST_AUTO_TEST_CASE(a_sticky_directory_is_trusted_only_when_root_owns_it) {
    const PolicyDir policy{0644};
    ::chmod(policy.dir.c_str(), 01777);
    BOOST_TEST(refuse_if_untrusted(policy.path, kOwners).ok() == (::geteuid() == 0));
    ::chmod(policy.dir.c_str(), 0777);
    BOOST_TEST(!refuse_if_untrusted(policy.path, kOwners).ok());
}

BOOST_AUTO_TEST_CASE(a_directory_owned_by_someone_else_is_refused_with_the_fix) {
    if (::geteuid() != 0) {
        BOOST_TEST_MESSAGE("skipped: giving a directory away needs root");
        return;
    }
    const PolicyDir policy{0644};
    BOOST_REQUIRE(::chown(policy.dir.c_str(), 65534, 65534) == 0);
    const auto safe = refuse_if_untrusted(policy.path, {0});
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error().rfind(policy.path + ": its directory " + policy.dir.string() + " is owned by ", 0) == 0);
    BOOST_TEST(safe.error().find("who could replace the file (fix: chown root " + policy.dir.string() + ")") !=
               std::string::npos);
}

// A symbolic link in a trusted directory to a file in an untrusted one: judged where the file really is.
BOOST_AUTO_TEST_CASE(a_link_to_a_file_in_an_open_directory_is_refused) {
    const PolicyDir trusted{0644};
    const PolicyDir open{0644};
    ::chmod(open.dir.c_str(), 0777);
    const std::string link = (trusted.dir / "linked.yaml").string();
    std::filesystem::create_symlink(open.path, link);
    const auto safe = refuse_if_untrusted(link, kOwners);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == link + ": its directory " + open.dir.string() +
                                   " is writable by every user, who could replace the file (fix: chmod go-w " +
                                   open.dir.string() + ")");
}

BOOST_AUTO_TEST_CASE(the_directory_of_people_is_protected_like_the_policy) {
    const std::string root = SG_SOURCE_DIR;
    auto model = schoolgate::config::yaml::load_policy(root + "/tests/golden/identity/hillside-identity.yaml",
                                                       root + "/config/catalogue/services.yaml");
    BOOST_REQUIRE(model.ok());
    auto compiled = schoolgate::config::compile_policy(std::move(model).value());
    BOOST_REQUIRE(compiled.ok());
    schoolgate::config::model::DaemonModel daemon;
    const auto files = schoolgate::gateway::daemon::files_to_protect(daemon, *compiled.value());
    const auto csv = std::filesystem::weakly_canonical(root + "/tests/golden/identity/directory.csv");
    bool found = false;
    for (const auto& file : files) found = found || std::filesystem::weakly_canonical(file) == csv;
    BOOST_TEST(found, "the directory CSV is among the files the daemon refuses when untrusted");
}

// A timetable anyone could edit would make every day a holiday, or every period a break: the timetable's
// own file (timetable: hillside-timetable.yaml, the file the console edits) is protected like the policy.
BOOST_AUTO_TEST_CASE(the_timetable_file_is_protected_like_the_policy) {
    const std::string root = SG_SOURCE_DIR;
    auto compiled = schoolgate::config::yaml::load_and_compile_policy(root + "/config/examples/hillside.yaml",
                                                                      root + "/config/catalogue/services.yaml");
    BOOST_REQUIRE(compiled.ok());
    schoolgate::config::model::DaemonModel daemon;
    const auto files = schoolgate::gateway::daemon::files_to_protect(daemon, *compiled.value());
    const auto timetable = std::filesystem::weakly_canonical(root + "/config/examples/hillside-timetable.yaml");
    bool found = false;
    for (const auto& file : files) found = found || std::filesystem::weakly_canonical(file) == timetable;
    BOOST_TEST(found, "the timetable file is among the files the daemon refuses when untrusted");
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_an_error_not_a_pass) {
    const auto safe = refuse_if_untrusted("/nonexistent/schoolgate/policy.yaml", kOwners);
    BOOST_REQUIRE(!safe.ok());
    BOOST_TEST(safe.error() == "/nonexistent/schoolgate/policy.yaml: No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()
