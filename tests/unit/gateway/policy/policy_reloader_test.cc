#include "gateway/policy/policy_reloader.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "support/temp_file.h"

namespace {

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";
const char* kGood = "school: {name: S}\nrules:\n  - {name: r, services: [facebook], action: block, reason: x}\n";

void overwrite(const std::string& path, const std::string& text) { std::ofstream{path, std::ios::trunc} << text; }

}  // namespace

BOOST_AUTO_TEST_SUITE(PolicyReloaderTest)

BOOST_AUTO_TEST_CASE(bad_file_keeps_the_last_good_policy_and_counts_the_failure) {
    schoolgate::test::TempFile policy{kGood};
    schoolgate::gateway::policy::PolicyStore store;
    schoolgate::gateway::policy::PolicyReloader reloader{store, policy.path(), kCatalogue};

    const auto first = reloader.reload();
    BOOST_REQUIRE(first.published);
    BOOST_TEST(first.generation == 1u);
    const auto good = store.current();
    BOOST_REQUIRE(good);

    overwrite(policy.path(), "school: {name: S}\nrules:\n  - {name: r, services: [facebok], action: block, reason: x}\n");
    const auto second = reloader.reload();
    BOOST_TEST(!second.published);
    BOOST_TEST(second.generation == 1u);
    BOOST_REQUIRE_EQUAL(second.errors.size(), 1u);
    BOOST_TEST(second.errors.front().message.find("unknown service or group 'facebok'") != std::string::npos);
    BOOST_TEST(store.current() == good);  // the very same snapshot is still in force
    BOOST_TEST(reloader.reloads_failed() == 1u);

    overwrite(policy.path(), "this: [is not: a policy");
    BOOST_TEST(!reloader.reload().published);
    BOOST_TEST(store.current() == good);
    BOOST_TEST(reloader.reloads_failed() == 2u);

    overwrite(policy.path(), kGood);
    const auto fixed = reloader.reload();
    BOOST_TEST(fixed.published);
    BOOST_TEST(fixed.generation == 2u);
    BOOST_TEST(store.current()->generation == 2u);
    BOOST_TEST(store.current() != good);
}

// The daemon's admission check sees the *new* policy (a reload that names a new exemptions file anyone can
// write used to be judged by the old policy's files): its refusal keeps the policy in force and is counted.
BOOST_AUTO_TEST_CASE(the_admission_check_judges_the_new_policy_and_a_refusal_is_counted) {
    schoolgate::test::TempFile policy{kGood};
    schoolgate::gateway::policy::PolicyStore store;
    std::string seen_school;
    bool refuse = false;
    schoolgate::gateway::policy::PolicyReloader reloader{
        store, policy.path(), kCatalogue, [&](const schoolgate::config::CompiledPolicy& compiled) {
            seen_school = compiled.school_name();
            schoolgate::config::ConfigErrors errors;
            if (refuse) errors.push_back({"/etc/schoolgate/new-exemptions.yaml", 0, 0, "", "writable by every user"});
            return errors;
        }};
    BOOST_REQUIRE(reloader.reload().published);
    const auto good = store.current();

    overwrite(policy.path(), "school: {name: T}\nrules:\n  - {name: r, services: [facebook], action: block, reason: x}\n");
    refuse = true;
    const auto refused = reloader.reload();
    BOOST_TEST(seen_school == "T");  // the check was given the new policy, not the one in force
    BOOST_TEST(!refused.published);
    BOOST_REQUIRE_EQUAL(refused.errors.size(), 1u);
    BOOST_TEST(refused.errors.front().file == "/etc/schoolgate/new-exemptions.yaml");
    BOOST_TEST(store.current() == good);
    BOOST_TEST(reloader.reloads_failed() == 1u);

    refuse = false;
    BOOST_TEST(reloader.reload().published);
    BOOST_TEST(store.current()->policy->school_name() == "T");
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_error_not_a_crash) {
    schoolgate::gateway::policy::PolicyStore store;
    schoolgate::gateway::policy::PolicyReloader reloader{store, "/nonexistent/policy.yaml", kCatalogue};
    const auto outcome = reloader.reload();
    BOOST_TEST(!outcome.published);
    BOOST_TEST(!store.current());
    BOOST_TEST(outcome.errors.front().to_string() ==
               "/nonexistent/policy.yaml: cannot read the file (check the path and that it is a regular file)");
}

BOOST_AUTO_TEST_SUITE_END()
