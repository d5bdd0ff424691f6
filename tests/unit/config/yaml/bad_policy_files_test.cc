#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "config/yaml/exemptions_loader.h"
#include "config/yaml/policy_loader.h"
#include "support/temp_file.h"

namespace {

using schoolgate::test::TempFile;

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";

// Every message of a refused policy, FILE replaced by "P".
std::vector<std::string> refusal(const TempFile& policy) {
    auto loaded = schoolgate::config::yaml::load_and_compile_policy(policy.path(), kCatalogue);
    std::vector<std::string> messages;
    if (loaded.ok()) return messages;
    for (const auto& e : loaded.error()) {
        std::string m = e.to_string();
        if (m.rfind(policy.path(), 0) == 0) m.replace(0, policy.path().size(), "P");
        messages.push_back(m);
    }
    return messages;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(BadPolicyFilesTest)

BOOST_AUTO_TEST_CASE(an_empty_policy_says_it_is_empty) {
    TempFile policy{"# nothing but a comment\n"};
    const std::vector<std::string> expected{"P: is empty (a policy needs at least school: and rules:)"};
    BOOST_TEST(refusal(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_binary_policy_is_one_located_error) {
    TempFile policy{std::string{"school:\n  name: \x89PNG\r\n\x1a\n", 22}};
    const std::vector<std::string> expected{
        "P:2:9: is not a text file: byte 0x89 is not UTF-8 text (save the file as UTF-8 text; check this is the right "
        "file)"};
    BOOST_TEST(refusal(policy) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_alias_bomb_in_the_exemptions_file_is_refused_there) {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char name = 'b', previous = 'a'; name <= 'h'; previous = name++) {
        bomb += std::string{name} + ": &" + name + " [*" + previous + ", *" + previous + ", *" + previous + ", *" +
                previous + ", *" + previous + ", *" + previous + ", *" + previous + ", *" + previous + ", *" +
                previous + ", *" + previous + "]\n";
    }
    TempFile exemptions{bomb + "exemptions: *h\n"};
    std::vector<schoolgate::config::model::ExemptionModel> read;
    schoolgate::config::ConfigErrors errors;
    schoolgate::config::yaml::load_exemptions(exemptions.path(), read, errors);
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front().message.find("holds more than 200000 values") != std::string::npos);
    BOOST_TEST(read.empty());
}

BOOST_AUTO_TEST_SUITE_END()
