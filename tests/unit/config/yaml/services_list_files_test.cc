#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"

namespace {

namespace fs = std::filesystem;
using schoolgate::classifiers::kNoService;
using schoolgate::net::IpAddress;

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";

// A folder with a policy and its list files, removed afterwards.
class PolicyFolder {
public:
    PolicyFolder() {
        std::string pattern = (fs::temp_directory_path() / "sg-lists-XXXXXX").string();
        root_ = ::mkdtemp(pattern.data()) ? pattern : std::string{};
        fs::create_directories(fs::path{root_} / "lists");
    }
    ~PolicyFolder() { fs::remove_all(root_); }
    PolicyFolder(const PolicyFolder&) = delete;
    PolicyFolder& operator=(const PolicyFolder&) = delete;

    void write(const std::string& relative, const std::string& contents) const {
        std::ofstream{fs::path{root_} / relative, std::ios::binary} << contents;
    }
    std::string path(const std::string& relative) const { return (fs::path{root_} / relative).string(); }
    std::string policy() const { return path("policy.yaml"); }

    // Every message of a failed load and compile, with the folder replaced by "D".
    std::vector<std::string> errors() const {
        auto compiled = schoolgate::config::yaml::load_and_compile_policy(policy(), kCatalogue);
        std::vector<std::string> messages;
        if (compiled.ok()) return messages;
        for (const auto& e : compiled.error()) {
            std::string m = e.to_string();
            for (auto at = m.find(root_); at != std::string::npos; at = m.find(root_)) m.replace(at, root_.size(), "D");
            messages.push_back(m);
        }
        return messages;
    }

private:
    std::string root_;
};

const char* kPolicy = R"(school: {name: S}
services:
  gambling:
    display_name: Gambling
    domains: [bet.example]
    domains_file: lists/gambling.txt
    ip_ranges_file: lists/gambling-ranges.txt
rules:
  - name: no-gambling
    services: [gambling]
    action: block
    reason: Not at school.
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(ServicesListFilesTest)

BOOST_AUTO_TEST_CASE(a_service_takes_its_domains_and_ranges_from_list_files_beside_the_policy) {
    PolicyFolder folder;
    folder.write("policy.yaml", kPolicy);
    folder.write("lists/gambling.txt", "# from the trust\ncasino.example\r\npoker.example\n");
    folder.write("lists/gambling-ranges.txt", "192.0.2.0/24\n2001:db8:66::/48\n");
    auto compiled = schoolgate::config::yaml::load_and_compile_policy(folder.policy(), kCatalogue);
    BOOST_REQUIRE(compiled.ok());
    const auto& policy = *compiled.value();
    const auto& catalogue = policy.catalogue();
    const auto gambling = catalogue.find("gambling");
    BOOST_REQUIRE(gambling != kNoService);
    BOOST_TEST(catalogue.match_host("bet.example") == gambling);
    BOOST_TEST(catalogue.match_host("www.casino.example") == gambling);
    BOOST_TEST(catalogue.match_host("poker.example") == gambling);
    BOOST_TEST(catalogue.match_host("notpoker.example") == kNoService);
    BOOST_TEST(catalogue.match_address(*IpAddress::parse("192.0.2.77")) == gambling);
    BOOST_TEST(catalogue.match_address(*IpAddress::parse("2001:db8:66:1::5")) == gambling);
    BOOST_TEST(catalogue.domain_count(gambling) == 3u);
    BOOST_TEST(catalogue.range_count(gambling) == 2u);
    BOOST_TEST(policy.list_files() ==
                   (std::vector<std::string>{folder.path("lists/gambling.txt"), folder.path("lists/gambling-ranges.txt")}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(list_mistakes_are_reported_with_the_policys_own_errors) {
    PolicyFolder folder;
    folder.write("policy.yaml", kPolicy);
    folder.write("lists/gambling.txt", "casino.example\nhttp://poker.example\nbet.example\n");
    // no lists/gambling-ranges.txt
    const std::vector<std::string> expected{
        "D/lists/gambling.txt:2:1: services.gambling.domains_file: 'http://poker.example' is not a domain name (write "
        "it as example.com: no scheme, path or wildcard)",
        "D/policy.yaml: services: domain bet.example is listed twice for gambling (list each domain and range once)",
        "D/policy.yaml:7:21: services.gambling.ip_ranges_file: cannot read the list file D/lists/gambling-ranges.txt "
        "(check the path, written relative to this file, and that it is a regular file)",
    };
    BOOST_TEST(folder.errors() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_misspelt_key_gets_a_suggestion) {
    PolicyFolder folder;
    folder.write("policy.yaml", "school: {name: S}\nservices:\n  gambling:\n    domain_file: lists/g.txt\nrules: []\n");
    const std::vector<std::string> expected{
        "D/policy.yaml:4:5: services.gambling: unknown key 'domain_file' (did you mean 'domains_file'?)"};
    BOOST_TEST(folder.errors() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(extending_a_shipped_service_with_a_big_list_is_not_quadratic) {
    // The bug: merging a school's additions into a shipped service searched the whole list for every new
    // domain, so 200 k domains for facebook took minutes. Now a set: well under a second.
    PolicyFolder folder;
    folder.write("policy.yaml", "school: {name: S}\nservices:\n  facebook:\n    domains_file: lists/more.txt\n"
                                "    domains: [facebook.com]\nrules: []\n");
    std::string list;
    for (int i = 0; i < 200000; ++i) list += "m" + std::to_string(i) + ".facebook-extra.test\n";
    folder.write("lists/more.txt", list);
    auto compiled = schoolgate::config::yaml::load_and_compile_policy(folder.policy(), kCatalogue);
    BOOST_REQUIRE(compiled.ok());
    const auto& catalogue = compiled.value()->catalogue();
    const auto facebook = catalogue.find("facebook");
    BOOST_TEST(catalogue.match_host("www.m199999.facebook-extra.test") == facebook);
    BOOST_TEST(catalogue.match_host("www.facebook.com") == facebook);  // the shipped domains are still there
}

BOOST_AUTO_TEST_SUITE_END()
