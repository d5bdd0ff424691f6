#include "config/yaml/list_file.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_file.h"

namespace {

using schoolgate::config::ConfigErrors;
using schoolgate::config::model::SourceMark;
using schoolgate::config::yaml::kMaxListFileBytes;
using schoolgate::config::yaml::kMaxListFileErrors;
using schoolgate::config::yaml::read_domains_file;
using schoolgate::config::yaml::read_ranges_file;
using schoolgate::net::Cidr;
using schoolgate::test::TempFile;

const SourceMark kNamedAt{"P", 7, 19};  // where the policy names the list
const std::string kKey = "services.gambling.domains_file";
const std::string kRangesKey = "services.gambling.ip_ranges_file";

// Every error as FILE:LINE:COL: path: message, with the list file's path replaced by "L".
std::vector<std::string> texts(const ConfigErrors& errors, const std::string& path) {
    std::vector<std::string> messages;
    for (const auto& e : errors) {
        std::string m = e.to_string();
        if (m.rfind(path, 0) == 0) m.replace(0, path.size(), "L");
        messages.push_back(m);
    }
    return messages;
}

struct Domains {
    std::vector<std::string> domains;
    std::vector<std::string> errors;
    std::size_t count = 0;
};
Domains domains_of(const std::string& contents) {
    TempFile file{contents, ".txt"};
    Domains read;
    ConfigErrors errors;
    read.count = read_domains_file(file.path(), kKey, kNamedAt, read.domains, errors);
    read.errors = texts(errors, file.path());
    return read;
}

struct Ranges {
    std::vector<Cidr> ranges;
    std::vector<std::string> errors;
};
Ranges ranges_of(const std::string& contents) {
    TempFile file{contents, ".txt"};
    Ranges read;
    ConfigErrors errors;
    read_ranges_file(file.path(), kRangesKey, kNamedAt, read.ranges, errors);
    read.errors = texts(errors, file.path());
    return read;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ListFileTest)

BOOST_AUTO_TEST_CASE(comments_blanks_crlf_bom_and_case_are_what_people_expect) {
    const auto read = domains_of(
        "\xEF\xBB\xBF# Gambling sites, from the trust's list\r\n"
        "Bet.Example\r\n"
        "\r\n"
        "   \t \r\n"
        "  casino.example.   # a trailing dot and a comment\r\n"
        "\twww.poker.example\t\r\n"
        "#commented.example\n"
        "last.example");  // no newline at the end
    BOOST_TEST(read.errors.empty());
    BOOST_TEST(read.domains == (std::vector<std::string>{"bet.example", "casino.example", "www.poker.example", "last.example"}),
               boost::test_tools::per_element());
    BOOST_TEST(read.count == 4u);
}

BOOST_AUTO_TEST_CASE(every_bad_domain_line_is_located_with_what_to_write) {
    const auto read = domains_of(
        "good.example\n"
        "https://x.example/\n"
        "  *.ads.example\n"
        "0.0.0.0 tracker.example\n"
        "a.example b.example\n"
        "bad..example\n"
        "\tGOOD.example  # again, in capitals\n"
        "good.example.\n"
        "caf\xc3\xa9.example\n"
        "bad\x1b[2Jname\n"
        + std::string(100, 'x') + " y\n"
        "fine.example\n");
    const std::vector<std::string> expected{
        "L:2:1: " + kKey + ": 'https://x.example/' is not a domain name (write it as example.com: no scheme, path or wildcard)",
        "L:3:3: " + kKey + ": '*.ads.example' is not a domain name (write 'ads.example' without '*.': a domain already "
                           "matches all its subdomains)",
        "L:4:1: " + kKey + ": '0.0.0.0 tracker.example' holds more than one entry (write one domain a line: of a "
                           "hosts-file line only the name, 'tracker.example')",
        "L:5:1: " + kKey + ": 'a.example b.example' holds more than one entry (write one domain a line, as example.com)",
        "L:6:1: " + kKey + ": 'bad..example' is not a domain name (write it as example.com: no scheme, path or wildcard)",
        "L:7:2: " + kKey + ": 'GOOD.example' is listed twice (first on line 1; list each domain once)",
        "L:8:1: " + kKey + ": 'good.example.' is listed twice (first on line 1; list each domain once)",
        "L:9:1: " + kKey + ": 'caf\xc3\xa9.example' is not a domain name (write it as example.com: no scheme, path or "
                           "wildcard)",
        "L:10:1: " + kKey + ": 'bad\\x1b[2Jname' is not a domain name (write it as example.com: no scheme, path or "
                            "wildcard)",
        "L:11:1: " + kKey + ": '" + std::string(80, 'x') + "...' holds more than one entry (write one domain a line, "
                            "as example.com)",
    };
    BOOST_TEST(read.errors == expected, boost::test_tools::per_element());
    BOOST_TEST(read.domains == (std::vector<std::string>{"good.example", "fine.example"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ranges_take_blocks_and_bare_addresses_and_locate_every_mistake) {
    const auto read = ranges_of(
        "# Meta\n"
        "157.240.0.0/16\n"
        "2a03:2880::/32   # v6\n"
        "203.0.113.9\n"
        "2001:db8::1\n"
        "0.0.0.0/0\n"
        "10.0.0.1/8\n"
        "10.0.0.0/33\n"
        "10.0.0.0 - 10.0.0.255\n"
        "bogus\n"
        " 157.240.0.0/016\n"
        "2A03:2880:0::/32\n");
    const std::vector<std::string> expected{
        "L:7:1: " + kRangesKey + ": '10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?) (write a block as "
                                 "157.240.0.0/16 or 2a03:2880::/32)",
        "L:8:1: " + kRangesKey + ": prefix length '33' must be 0..32 (write a block as 157.240.0.0/16 or 2a03:2880::/32)",
        "L:9:1: " + kRangesKey + ": '10.0.0.0 - 10.0.0.255' holds more than one entry (write one block a line, as "
                                 "157.240.0.0/16; a range such as 10.0.0.0 - 10.0.0.255 as the blocks that cover it)",
        "L:10:1: " + kRangesKey + ": 'bogus' is not an IPv4 or IPv6 address (write a block as 157.240.0.0/16 or "
                                  "2a03:2880::/32)",
        "L:11:2: " + kRangesKey + ": '157.240.0.0/016' is listed twice (first on line 2; list each block once)",
        "L:12:1: " + kRangesKey + ": '2A03:2880:0::/32' is listed twice (first on line 3; list each block once)",
    };
    BOOST_TEST(read.errors == expected, boost::test_tools::per_element());
    std::vector<std::string> blocks;
    for (const auto& block : read.ranges) blocks.push_back(block.to_string());
    BOOST_TEST(blocks == (std::vector<std::string>{"157.240.0.0/16", "2a03:2880::/32", "203.0.113.9/32", "2001:db8::1/128",
                                                   "0.0.0.0/0"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_reported_where_the_policy_names_it) {
    std::vector<std::string> domains;
    ConfigErrors errors;
    BOOST_TEST(read_domains_file("/nonexistent/lists/gambling.txt", kKey, kNamedAt, domains, errors) == 0u);
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front().to_string() ==
               "P:7:19: " + kKey + ": cannot read the list file /nonexistent/lists/gambling.txt (check the path, "
                                   "written relative to this file, and that it is a regular file)");
    BOOST_TEST(domains.empty());
}

BOOST_AUTO_TEST_CASE(a_directory_is_not_a_list_file) {
    std::vector<Cidr> ranges;
    ConfigErrors errors;
    const auto directory = std::filesystem::temp_directory_path().string();
    read_ranges_file(directory, kRangesKey, kNamedAt, ranges, errors);
    BOOST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors.front().to_string() ==
               "P:7:19: " + kRangesKey + ": cannot read the list file " + directory +
                   " (check the path, written relative to this file, and that it is a regular file)");
}

BOOST_AUTO_TEST_CASE(a_file_over_the_size_limit_is_refused_before_it_is_read) {
    TempFile file{"", ".txt"};
    std::filesystem::resize_file(file.path(), kMaxListFileBytes + 1);  // sparse: no disk used
    std::vector<std::string> domains;
    ConfigErrors errors;
    read_domains_file(file.path(), kKey, kNamedAt, domains, errors);
    BOOST_TEST(texts(errors, file.path()) ==
                   (std::vector<std::string>{"L: " + kKey + ": is 268435457 bytes, more than the 268435456 (256 MiB, "
                                                            "about ten million domains) a list file may have (check "
                                                            "this is the right file)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_empty_list_is_an_error) {
    const std::vector<std::string> expected{
        "L: " + kKey + ": holds no entries (write one domain a line, as example.com; an empty list is often a "
                       "download that failed)"};
    BOOST_TEST(domains_of("").errors == expected, boost::test_tools::per_element());
    BOOST_TEST(domains_of("# nothing yet\n\n   \r\n").errors == expected, boost::test_tools::per_element());
    BOOST_TEST(ranges_of("\n").errors ==
                   (std::vector<std::string>{"L: " + kRangesKey + ": holds no entries (write one block a line, as "
                                                                  "157.240.0.0/16; an empty list is often a download "
                                                                  "that failed)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_binary_or_utf16_file_is_not_text) {
    BOOST_TEST(domains_of(std::string{"a.example\nb\0c.example\n", 22}).errors ==
                   (std::vector<std::string>{"L:2:2: " + kKey + ": is not a text file: byte 0x00 is not UTF-8 text "
                                                                "(save it as UTF-8 text, one entry a line; check this "
                                                                "is the right file)"}),
               boost::test_tools::per_element());
    BOOST_TEST(domains_of("\xff\xfe" "a\0.\0e\0x\0").errors ==
                   (std::vector<std::string>{"L:1:1: " + kKey + ": is not a text file: byte 0xff is not UTF-8 text "
                                                                "(save it as UTF-8 text, one entry a line; check this "
                                                                "is the right file)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_wrong_file_prints_a_hundred_lines_and_a_count) {
    std::string contents;
    for (int i = 0; i < 150; ++i) contents += "name,count\n";
    const auto read = domains_of(contents);
    BOOST_REQUIRE(read.errors.size() == kMaxListFileErrors + 1);
    BOOST_TEST(read.errors.front() ==
               "L:1:1: " + kKey + ": 'name,count' is not a domain name (write it as example.com: no scheme, path or "
                                  "wildcard)");
    BOOST_TEST(read.errors.back() == "L:101:1: " + kKey + ": 50 more bad lines from here on are not shown (fix the "
                                                          "ones above first; check this is the right file)");
}

BOOST_AUTO_TEST_CASE(entries_are_appended_after_what_the_yaml_listed) {
    TempFile file{"x.example\ny.example\n", ".txt"};
    std::vector<std::string> domains{"x.example"};  // from `domains:`; the catalogue reports that repeat
    ConfigErrors errors;
    BOOST_TEST(read_domains_file(file.path(), kKey, kNamedAt, domains, errors) == 2u);
    BOOST_TEST(errors.empty());
    BOOST_TEST(domains == (std::vector<std::string>{"x.example", "x.example", "y.example"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_big_list_is_read_whole_and_in_order) {
    std::string contents;
    constexpr int kNames = 300000;
    for (int i = 0; i < kNames; ++i) contents += "d" + std::to_string(i) + ".blk" + std::to_string(i % 1000) + ".test\n";
    contents += "d17.blk17.test\n";  // one repeat, at the very end
    const auto read = domains_of(contents);
    BOOST_TEST(read.errors == (std::vector<std::string>{"L:300001:1: " + kKey + ": 'd17.blk17.test' is listed twice "
                                                                                "(first on line 18; list each domain once)"}),
               boost::test_tools::per_element());
    BOOST_REQUIRE(read.domains.size() == static_cast<std::size_t>(kNames));
    BOOST_TEST(read.domains.front() == "d0.blk0.test");
    BOOST_TEST(read.domains.back() == "d299999.blk999.test");
}

BOOST_AUTO_TEST_SUITE_END()
