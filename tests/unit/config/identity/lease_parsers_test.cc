#include <boost/test/unit_test.hpp>
#include <span>
#include <string>
#include <string_view>

#include "config/identity/lease.h"

namespace {

using namespace schoolgate::config::identity;
using schoolgate::net::IpAddress;
using schoolgate::net::MacAddress;

std::span<const std::uint8_t> bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

std::string issues(const LeaseFile& file) {
    std::string out;
    for (const auto& issue : file.issues) {
        out += std::to_string(issue.line) + ":" + std::to_string(issue.column) + ": " + issue.message + "\n";
    }
    return out;
}

const std::string kDnsmasq =
    "1796626800 02:00:5e:10:00:50 10.20.0.50 pupil-ipad-17 01:02:00:5e:10:00:50\n"
    "0 02:00:5e:10:00:51 10.20.0.51 * *\n"
    "duid 00:01:00:01:2c:5e:9a:11:02:00:5e:10:00:01\n"
    "1796626800 1234 2001:db8::50 Pupil-Laptop 00:01:00:01:aa\n";

const std::string kKea =
    "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id\n"
    "10.20.0.50,02:00:5e:10:00:50,,3600,1796626800,1,0,0,pupil-ipad-17,0,,0\n"
    "10.20.0.51,02:00:5e:10:00:51,,3600,1796626800,1,0,0,,0,,0\n"
    "10.20.0.51,02:00:5e:10:00:51,,0,1796624000,1,0,0,,0,,0\n";

const std::string kIsc =
    "# The format of this file is documented in the dhcpd.leases(5) manual page.\n"
    "authoring-byte-order little-endian;\n"
    "server-duid \"\\000\\001\";\n"
    "lease 10.20.0.50 {\n"
    "  starts 1 2026/12/07 05:00:00;\n"
    "  ends 1 2026/12/07 07:00:00;\n"
    "  cltt 1 2026/12/07 05:00:00;\n"
    "  binding state active;\n"
    "  next binding state free;\n"
    "  rewind binding state free;\n"
    "  hardware ethernet 02:00:5e:10:00:50;\n"
    "  uid \"\\001\\002\\000^\\020\\000P\";\n"
    "  set vendor-class-identifier = \"android-dhcp-13\";\n"
    "  client-hostname \"pupil-ipad-17\";\n"
    "}\n"
    "lease 10.20.0.51 {\n"
    "  starts epoch 1796619600; # Mon Dec 07 05:00:00 2026\n"
    "  ends never;\n"
    "  binding state free;\n"
    "  hardware ethernet 02:00:5e:10:00:51;\n"
    "}\n";

// Every prefix of a good file is read without a crash and never yields a lease the whole file does not
// have; a cut inside a line is that line's issue or a shorter lease (a cut host name), never more leases.
void check_every_truncation(const std::string& text, LeaseFile (*parse)(std::span<const std::uint8_t>) noexcept) {
    const auto whole = parse(bytes(text));
    for (std::size_t size = 0; size <= text.size(); ++size) {
        const auto part = parse(bytes(std::string_view{text}.substr(0, size)));
        BOOST_TEST_REQUIRE(part.leases.size() <= whole.leases.size(), "prefix of " << size << " bytes");
        for (std::size_t i = 0; i < part.leases.size(); ++i) {
            BOOST_TEST((part.leases[i].ip == whole.leases[i].ip), "prefix of " << size << " bytes, lease " << i);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(LeaseParsersTest)

BOOST_AUTO_TEST_CASE(dnsmasq_leases_are_read) {
    const auto file = parse_dnsmasq_leases(bytes(kDnsmasq));
    BOOST_TEST(issues(file) == "");
    BOOST_TEST_REQUIRE(file.leases.size() == 3u);
    BOOST_TEST((file.leases[0].ip == *IpAddress::parse("10.20.0.50")));
    BOOST_TEST((file.leases[0].mac == MacAddress::parse("02:00:5e:10:00:50")));
    BOOST_TEST(file.leases[0].host == "pupil-ipad-17");
    BOOST_TEST(file.leases[0].ends == 1796626800);
    BOOST_TEST(file.leases[1].host == "");
    BOOST_TEST(file.leases[1].ends == 0);  // 0 is dnsmasq's infinite lease
    BOOST_TEST(!file.leases[2].mac.has_value());  // DHCPv6: an IAID, not a MAC
    BOOST_TEST(file.leases[2].host == "pupil-laptop");
}

BOOST_AUTO_TEST_CASE(dnsmasq_bad_lines_are_located_and_skipped) {
    const auto file = parse_dnsmasq_leases(bytes(
        "soon 02:00:5e:10:00:50 10.20.0.50 a *\n"
        "1796626800 02:00:5e:10:00:50 10.20.0.500 a *\n"
        "1796626800 02:00:5e:10:00 10.20.0.50 a *\n"
        "1796626800 02:00:5e:10:00:50 10.20.0.50 a/b *\n"
        "1796626800 02:00:5e:10:00:50 10.20.0.50\n"
        "1796626800 02:00:5e:10:00:52 10.20.0.52 good *\n"));
    BOOST_TEST(issues(file) ==
               "1:1: expiry 'soon' is not a number of seconds since 1970 (0 for never)\n"
               "2:30: '10.20.0.500' is not an IPv4 or IPv6 address\n"
               "3:12: '02:00:5e:10:00' is not a MAC address (write it as 02:00:5e:10:00:01)\n"
               "4:41: host name 'a/b' has characters a DHCP host name cannot have (or '*' for none)\n"
               "5:1: expected 5 fields separated by spaces (EXPIRY MAC ADDRESS HOST CLIENT-ID), found 3 (is this a "
               "dnsmasq leases file? give --leases-format or the policy's format)\n");
    BOOST_TEST_REQUIRE(file.leases.size() == 1u);
    BOOST_TEST(file.leases[0].host == "good");
}

BOOST_AUTO_TEST_CASE(dnsmasq_every_truncation) { check_every_truncation(kDnsmasq, parse_dnsmasq_leases); }

BOOST_AUTO_TEST_CASE(kea_leases_are_read_by_header_names) {
    const auto file = parse_kea_leases(bytes(kKea));
    BOOST_TEST(issues(file) == "");
    BOOST_TEST_REQUIRE(file.leases.size() == 3u);
    BOOST_TEST(file.leases[0].host == "pupil-ipad-17");
    BOOST_TEST(file.leases[0].starts == 1796626800 - 3600);
    BOOST_TEST(file.leases[0].ends == 1796626800);
    BOOST_TEST(file.leases[1].active);
    BOOST_TEST(!file.leases[2].active);  // released: valid_lifetime 0 replaces the earlier record
}

BOOST_AUTO_TEST_CASE(kea_bad_header_and_lines) {
    BOOST_TEST(issues(parse_kea_leases(bytes("1796626800 02:00:5e:10:00:50 10.20.0.50 a *\n"))) ==
               "1:1: is not the header of a Kea memfile lease file (it starts 'address,hwaddr,...' or "
               "'address,duid,...' and names address, valid_lifetime and expire; check the format)\n");
    const auto file = parse_kea_leases(bytes(
        "address,hwaddr,valid_lifetime,expire,hostname,state\n"
        "10.20.0.50,02:00:5e:10:00:50,3600\n"
        "10.20.0.x,02:00:5e:10:00:50,3600,1796626800,a,0\n"
        "10.20.0.50,02:00:5e:10:00:5,3600,1796626800,a,0\n"
        "10.20.0.50,02:00:5e:10:00:50,3600,soon,a,0\n"
        "10.20.0.50,02:00:5e:10:00:50,99999999999,1796626800,a,0\n"
        "10.20.0.50,02:00:5e:10:00:50,3600,1796626800,a b,0\n"
        "10.20.0.50,,3600,1796626800,a&#x2cb,0\n"));
    BOOST_TEST(issues(file) ==
               "2:1: has 3 fields, the header 6 (a torn write, or another file's line)\n"
               "3:1: address '10.20.0.x' is not an IPv4 or IPv6 address\n"
               "4:12: hwaddr '02:00:5e:10:00:5' is not a MAC address (02:00:5e:10:00:01)\n"
               "5:35: expire 'soon' is not a number of seconds since 1970\n"
               "6:30: valid_lifetime '99999999999' is not a number of seconds no greater than expire\n"
               "7:46: hostname 'a b' has characters a DHCP host name cannot have\n"
               "8:29: hostname 'a&#x2cb' has characters a DHCP host name cannot have\n");
    BOOST_TEST(file.leases.empty());
}

BOOST_AUTO_TEST_CASE(kea_every_truncation) { check_every_truncation(kKea, parse_kea_leases); }

BOOST_AUTO_TEST_CASE(isc_leases_are_read) {
    const auto file = parse_isc_leases(bytes(kIsc));
    BOOST_TEST(issues(file) == "");
    BOOST_TEST_REQUIRE(file.leases.size() == 2u);
    BOOST_TEST((file.leases[0].ip == *IpAddress::parse("10.20.0.50")));
    BOOST_TEST(file.leases[0].starts == 1796619600);  // 2026-12-07T05:00:00Z
    BOOST_TEST(file.leases[0].ends == 1796619600 + 7200);
    BOOST_TEST(file.leases[0].host == "pupil-ipad-17");
    BOOST_TEST((file.leases[0].mac == MacAddress::parse("02:00:5e:10:00:50")));
    BOOST_TEST(file.leases[0].active);
    BOOST_TEST(file.leases[1].starts == 1796619600);
    BOOST_TEST(file.leases[1].ends == 0);
    BOOST_TEST(!file.leases[1].active);  // binding state free
}

BOOST_AUTO_TEST_CASE(isc_bad_blocks) {
    const auto file = parse_isc_leases(bytes(
        "lease 10.20.0.x {\n  ends never;\n}\n"
        "lease 10.20.0.52 {\n  ends 1 2026/13/07 07:00:00;\n}\n"
        "lease 10.20.0.53 {\n  hardware ethernet 02:00;\n}\n"
        "}\n"
        "lease 10.20.0.54 {\n  ends never;\n"));
    BOOST_TEST(issues(file) ==
               "1:7: expected 'lease ADDRESS {' (an IPv4 address, then '{')\n"
               "5:3: ends is not 'W YYYY/MM/DD HH:MM:SS', 'epoch N' or 'never'\n"
               "8:21: '02:00' is not a MAC address\n"
               "10:1: '}' closes no block\n"
               "11:1: the lease block has no closing '}' (a torn write?)\n");
    BOOST_TEST(file.leases.empty());
}

BOOST_AUTO_TEST_CASE(isc_every_truncation) { check_every_truncation(kIsc, parse_isc_leases); }

BOOST_AUTO_TEST_CASE(formats_are_detected) {
    BOOST_TEST((detect_lease_format(bytes(kDnsmasq)) == LeaseFormat::Dnsmasq));
    BOOST_TEST((detect_lease_format(bytes(kKea)) == LeaseFormat::Kea));
    BOOST_TEST((detect_lease_format(bytes(kIsc)) == LeaseFormat::Isc));
    BOOST_TEST((detect_lease_format(bytes("lease 10.0.0.1 {\n}\n")) == LeaseFormat::Isc));
    BOOST_TEST(!detect_lease_format(bytes("GIF89a\n")).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
