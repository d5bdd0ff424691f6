#include <boost/test/unit_test.hpp>
#include <span>
#include <string>
#include <string_view>

#include "config/identity/directory.h"

namespace {

using namespace schoolgate::config::identity;
using schoolgate::net::MacAddress;

std::span<const std::uint8_t> bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string errors_of(std::string_view text) {
    auto parsed = parse_directory_csv(bytes(text), "D.csv");
    if (parsed.ok()) return "";
    std::string out;
    for (const auto& e : parsed.error()) out += e.to_string() + "\n";
    return out;
}

const std::string kHeader = "username,display_name,role,devices\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(DirectoryCsvTest)

BOOST_AUTO_TEST_CASE(people_and_their_devices_are_read) {
    auto parsed = parse_directory_csv(
        bytes("\xEF\xBB\xBFusername,display_name,role,devices\r\n"
              "jo.bloggs,\"Bloggs, Jo (9B)\",pupil,02:00:5E:10:00:50 Pupil-iPad-17\r\n"
              "ms.khan,\"Ms \"\"Aisha\"\" Khan\",staff,\r\n"),
        "D.csv");
    BOOST_TEST_REQUIRE(parsed.ok());
    const auto& directory = parsed.value();
    BOOST_TEST_REQUIRE(directory.people().size() == 2u);
    BOOST_TEST(directory.people()[0].display_name == "Bloggs, Jo (9B)");
    BOOST_TEST(directory.people()[1].display_name == "Ms \"Aisha\" Khan");
    BOOST_TEST(directory.find_device(MacAddress::parse("02:00:5e:10:00:50"), "")->username == "jo.bloggs");
    BOOST_TEST(directory.find_device(std::nullopt, "pupil-ipad-17")->username == "jo.bloggs");
    BOOST_TEST(directory.find_device(std::nullopt, "other") == nullptr);
    BOOST_TEST(directory.find_user("JO.BLOGGS")->username == "jo.bloggs");
    BOOST_TEST(directory.find_user("jo.bloggs@school.example")->username == "jo.bloggs");
    BOOST_TEST(directory.find_user("nobody") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_wrong_header_is_refused) {
    BOOST_TEST(errors_of("user,name,role,devices\njo,Jo,pupil,\n") ==
               "D.csv:1:1: identity.directory: the first line must be the header 'username,display_name,role,devices' "
               "(export those four columns in that order)\n");
    BOOST_TEST(errors_of("") == "D.csv: identity.directory: is empty (export username,display_name,role,devices)\n");
}

BOOST_AUTO_TEST_CASE(every_bad_line_is_located) {
    BOOST_TEST(errors_of(kHeader +
                         "jo,Jo,pupil\n"
                         ",Nobody,pupil,\n"
                         "jo smith,Jo,pupil,\n"
                         "ann,Ann,,\n"
                         "bob,\"Bob,pupil,\n"
                         "cat,Cat,pupil,02:00:5e:10:00:50 not/a/device\n"
                         "dan,Dan,pupil,02:00:5e:10:00:50,x\n"
                         "eve,Eve,pupil,tablet-1\n"
                         "fay,Fay,pupil,02:00:5E:10:00:50 TABLET-1\n"
                         "eve,Eve Again,pupil,\n") ==
               "D.csv:2:1: identity.directory: has 3 fields, not 4 (username,display_name,role,devices; leave devices empty if none)\n"
               "D.csv:3:1: identity.directory: the username is empty (every person needs the id events will carry)\n"
               "D.csv:4:1: identity.directory: username 'jo smith' may hold only letters, digits, '.', '-', '_' and '@'\n"
               "D.csv:5:9: identity.directory: the role is empty (name one of the policy's roles, e.g. pupil or staff)\n"
               "D.csv:6:5: identity.directory: the quote opened here is not closed on this line (close it with \", write a quote inside as \"\")\n"
               "D.csv:7:33: identity.directory: device 'not/a/device' is neither a MAC address (02:00:5e:10:00:01) nor a DHCP host name (letters, digits, '-')\n"
               "D.csv:8:33: identity.directory: more than 4 fields (quote a field that holds a comma: \"Smith, Jo\")\n"
               "D.csv:10:15: identity.directory: device 02:00:5e:10:00:50 is listed for cat already (a device has one owner)\n"
               "D.csv:11:1: identity.directory: username eve is listed twice (keep one line per person)\n");
}

BOOST_AUTO_TEST_CASE(every_truncation_is_read_or_refused_cleanly) {
    const std::string text = kHeader + "jo.bloggs,\"Bloggs, Jo\",pupil,02:00:5e:10:00:50 pupil-ipad-17\n";
    for (std::size_t size = 0; size <= text.size(); ++size) {
        auto parsed = parse_directory_csv(bytes(std::string_view{text}.substr(0, size)), "D.csv");
        if (parsed.ok()) BOOST_TEST(parsed.value().people().size() <= 1u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
