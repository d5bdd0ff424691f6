#include "config/yaml/file_kind.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>

#include "config/yaml/policy_loader.h"
#include "support/temp_directory.h"
#include "support/temp_file.h"

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::config::yaml::FileKind;
using schoolgate::config::yaml::file_kind;
using schoolgate::config::yaml::not_a_policy;
using schoolgate::test::TempFile;

struct Sample {
    const char* name;
    const char* text;
    FileKind kind;
};

std::ostream& operator<<(std::ostream& out, const Sample& s) { return out << s.name; }

const Sample kSamples[] = {
    {"policy", "school: {name: S}\nrules: []\n", FileKind::Policy},
    {"policy with a misspelt key", "school: {name: S}\nruels: []\n", FileKind::Policy},
    {"policy naming its exemptions", "school: {name: S}\nexemptions: e.yaml\nrules: []\n", FileKind::Policy},
    {"exemptions", "exemptions:\n  - {id: e1}\n", FileKind::Exemptions},
    {"empty exemptions", "exemptions:\n", FileKind::Exemptions},
    {"daemon config", "mode: inline\npolicy: hillside.yaml\nevents: {directory: /var/log/schoolgate}\n", FileKind::DaemonConfig},
    {"daemon config with a typo", "mode: inline\npolicy: hillside.yaml\nstat: {}\n", FileKind::Policy},
    {"catalogue", "services:\n  x: {domains: [x.com]}\ngroups: {social: [x]}\n", FileKind::Catalogue},
    {"not a mapping", "- a\n- b\n", FileKind::Policy},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(FileKindTest)

BOOST_DATA_TEST_CASE(each_kind_is_told_by_its_top_level_keys, bdata::make(kSamples), sample) {
    const TempFile file{sample.text};
    BOOST_TEST((file_kind(file.path()) == sample.kind));
}

BOOST_AUTO_TEST_CASE(the_shipped_files_are_told_apart) {
    const std::string dir = std::string{SG_SOURCE_DIR} + "/config/";
    BOOST_TEST((file_kind(dir + "examples/hillside.yaml") == FileKind::Policy));
    BOOST_TEST((file_kind(dir + "examples/hillside-exemptions.yaml") == FileKind::Exemptions));
    BOOST_TEST((file_kind(dir + "examples/schoolgated.yaml") == FileKind::DaemonConfig));
    BOOST_TEST((file_kind(dir + "catalogue/services.yaml") == FileKind::Catalogue));
    BOOST_TEST((file_kind(dir + "examples/no-such-file.yaml") == FileKind::Policy));
}

// Issue 15, item 5: `schoolgate check schoolgated.yaml` listed every key as unknown.
BOOST_AUTO_TEST_CASE(a_daemon_config_given_as_a_policy_says_what_it_is_and_what_checks_it) {
    const std::string path = std::string{SG_SOURCE_DIR} + "/config/examples/schoolgated.yaml";
    BOOST_TEST(not_a_policy(path).value() ==
               "this is a daemon config, not a policy: check it with `schoolgated --config " + path + " --check`");
    const auto loaded = schoolgate::config::yaml::load_and_compile_policy(
        path, std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml");
    BOOST_REQUIRE(!loaded.ok());
    BOOST_REQUIRE_EQUAL(loaded.error().size(), 1u);
    BOOST_TEST(loaded.error().front().to_string() == path + ": " + *not_a_policy(path));
}

BOOST_AUTO_TEST_CASE(an_exemptions_file_names_the_policy_beside_it_that_uses_it) {
    const schoolgate::test::TempDirectory dir;
    std::ofstream{dir.path() + "/school.yaml"} << "school: {name: S}\nexemptions: school-exemptions.yaml\nrules: []\n";
    std::ofstream{dir.path() + "/other.yaml"} << "school: {name: T}\nexemptions: other-exemptions.yaml\nrules: []\n";
    std::ofstream{dir.path() + "/school-exemptions.yaml"} << "exemptions: []\n";
    std::ofstream{dir.path() + "/lonely-exemptions.yaml"} << "exemptions: []\n";
    BOOST_TEST(not_a_policy(dir.path() + "/school-exemptions.yaml").value() ==
               "this is an exemptions file, not a policy: it is checked with the policy that names it: run `schoolgate "
               "check " + dir.path() + "/school.yaml`");
    BOOST_TEST(not_a_policy(dir.path() + "/lonely-exemptions.yaml").value() ==
               "this is an exemptions file, not a policy: it is checked with the policy that names it: run `schoolgate "
               "check POLICY` (the policy whose exemptions: names this file)");
    BOOST_TEST(!not_a_policy(dir.path() + "/school.yaml").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
