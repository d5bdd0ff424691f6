#include "config/yaml/yaml_file.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "support/temp_file.h"

namespace {

using schoolgate::config::ConfigErrors;
using schoolgate::config::yaml::load_yaml_file;
using schoolgate::test::TempFile;

// The one error of a refused file as FILE:LINE:COL: message, with FILE replaced by "P".
std::string refusal(const TempFile& file) {
    ConfigErrors errors;
    const auto root = load_yaml_file(file.path(), "cannot read (check the path)", errors);
    if (root || errors.size() != 1) return "loaded, " + std::to_string(errors.size()) + " errors";
    std::string message = errors.front().to_string();
    if (message.rfind(file.path(), 0) == 0) message.replace(0, file.path().size(), "P");
    return message;
}

std::string billion_laughs() {
    std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    char previous = 'a';
    for (char name = 'b'; name <= 'i'; ++name) {
        text += std::string{name} + ": &" + name + " [";
        for (int i = 0; i < 10; ++i) text += std::string{i ? ", *" : "*"} + previous;
        text += "]\n";
        previous = name;
    }
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(YamlFileTest)

BOOST_AUTO_TEST_CASE(ordinary_yaml_with_an_alias_loads) {
    TempFile file{"school: &s {name: Hillside}\nagain: *s\nname: Ms O\xe2\x80\x99" "Brien\n"};
    ConfigErrors errors;
    const auto root = load_yaml_file(file.path(), "cannot read", errors);
    BOOST_REQUIRE(root);
    BOOST_TEST(errors.empty());
    BOOST_TEST((*root)["again"]["name"].as<std::string>() == "Hillside");
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_a_null_document) {
    TempFile file{""};
    ConfigErrors errors;
    const auto root = load_yaml_file(file.path(), "cannot read", errors);
    BOOST_REQUIRE(root);
    BOOST_TEST(root->IsNull());
}

BOOST_AUTO_TEST_CASE(a_missing_file_gives_the_callers_message) {
    ConfigErrors errors;
    BOOST_TEST(!load_yaml_file("/nonexistent/policy.yaml", "cannot read (check the path)", errors));
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front().to_string() == "/nonexistent/policy.yaml: cannot read (check the path)");
}

BOOST_AUTO_TEST_CASE(a_nul_byte_is_not_text) {
    TempFile file{std::string{"school:\n  name: Hill\0side\n", 25}};
    BOOST_TEST(refusal(file) ==
               "P:2:13: is not a text file: byte 0x00 is not UTF-8 text (save the file as UTF-8 text; check this is the "
               "right file)");
}

BOOST_AUTO_TEST_CASE(latin1_bytes_are_not_utf8_text) {
    TempFile file{"school:\n  name: Caf\xe9\n"};
    BOOST_TEST(refusal(file) ==
               "P:2:12: is not a text file: byte 0xe9 is not UTF-8 text (save the file as UTF-8 text; check this is the "
               "right file)");
}

BOOST_AUTO_TEST_CASE(a_file_over_the_size_limit_is_refused_before_yaml_cpp_reads_it) {
    TempFile file{std::string(schoolgate::config::yaml::kMaxYamlFileBytes + 1, '#')};
    BOOST_TEST(refusal(file) ==
               "P: is 4194305 bytes, more than the 4194304 a policy, exemptions or catalogue file may have (check this is "
               "the right file)");
}

BOOST_AUTO_TEST_CASE(nesting_past_the_limit_is_refused) {
    TempFile file{"a: " + std::string(65, '[') + std::string(65, ']') + "\n"};
    BOOST_TEST(refusal(file) ==
               "P:1:67: is nested more than 64 levels deep (a policy needs about 6; check this is the right file)");
}

BOOST_AUTO_TEST_CASE(ten_thousand_levels_stop_at_yaml_cpps_own_guard_with_the_same_message) {
    TempFile file{"a: " + std::string(10000, '[') + std::string(10000, ']') + "\n"};
    const std::string message = refusal(file);
    BOOST_TEST(message.find(": is nested more than 64 levels deep") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(billion_laughs_is_refused_after_a_bounded_walk) {
    TempFile file{billion_laughs()};
    BOOST_TEST(refusal(file) ==
               "P:9:4: holds more than 200000 values once its aliases (*name) are expanded (a policy has a few "
               "hundred; remove the repeated aliases)");
}

BOOST_AUTO_TEST_CASE(yaml_syntax_errors_are_located) {
    TempFile file{"school:\n  name: [unclosed\n"};
    BOOST_TEST(refusal(file).rfind("P:3:1: ", 0) == 0, refusal(file));
}

BOOST_AUTO_TEST_SUITE_END()
