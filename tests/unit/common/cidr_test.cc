#include "common/net/cidr.h"

#include <boost/test/unit_test.hpp>

using schoolgate::net::Cidr;
using schoolgate::net::IpAddress;

BOOST_AUTO_TEST_SUITE(CidrTest)

BOOST_AUTO_TEST_CASE(parses_and_matches_ipv4_and_ipv6_blocks) {
    auto meta = Cidr::parse("157.240.0.0/16");
    BOOST_REQUIRE(meta.ok());
    BOOST_TEST(meta.value().contains(*IpAddress::parse("157.240.1.35")));
    BOOST_TEST(!meta.value().contains(*IpAddress::parse("157.241.0.1")));
    BOOST_TEST(!meta.value().contains(*IpAddress::parse("2a03:2880::1")));

    auto meta6 = Cidr::parse("2a03:2880::/32");
    BOOST_REQUIRE(meta6.ok());
    BOOST_TEST(meta6.value().contains(*IpAddress::parse("2a03:2880:f10c::1")));
    BOOST_TEST(meta6.value().to_string() == "2a03:2880::/32");
}

BOOST_AUTO_TEST_CASE(bare_address_is_a_host_route) {
    auto host = Cidr::parse("203.0.113.10");
    BOOST_REQUIRE(host.ok());
    BOOST_TEST(host.value().prefix_length() == 32);
}

BOOST_AUTO_TEST_CASE(explains_every_mistake) {
    BOOST_TEST(Cidr::parse("10.20.0.1/16").error() == "'10.20.0.1/16' has host bits set (did you mean 10.20.0.0/16?)");
    BOOST_TEST(Cidr::parse("10.20.0.0/33").error() == "prefix length '33' must be 0..32");
    BOOST_TEST(Cidr::parse("10.20.0.0/").error() == "prefix length '' must be 0..32");
    BOOST_TEST(Cidr::parse("pupils/24").error() == "'pupils' is not an IPv4 or IPv6 address");
}

BOOST_AUTO_TEST_CASE(formats_addresses_canonically) {
    BOOST_TEST(IpAddress::parse("2001:DB8:0:0:0:0:0:1")->to_string() == "2001:db8::1");
    BOOST_TEST(IpAddress::v4(0xcb00710a).to_string() == "203.0.113.10");
    BOOST_TEST(!IpAddress::parse("203.0.113").has_value());
}

// parse() turns down text with a character no address has before it asks inet_pton (it is asked for every
// decided flow's name): addresses still parse, names and anything after a NUL do not.
BOOST_AUTO_TEST_CASE(parses_addresses_only) {
    BOOST_TEST(IpAddress::parse("203.0.113.10")->to_string() == "203.0.113.10");
    BOOST_TEST(IpAddress::parse("::ffff:198.51.100.1")->to_string() == "::ffff:198.51.100.1");
    BOOST_TEST(IpAddress::parse("2001:DB8::A")->to_string() == "2001:db8::a");
    BOOST_TEST(!IpAddress::parse("www.example.com").has_value());
    BOOST_TEST(!IpAddress::parse("cafe.be").has_value());  // hex digits and dots only, still no address
    BOOST_TEST(!IpAddress::parse(" 203.0.113.10").has_value());
    BOOST_TEST(!IpAddress::parse(std::string_view{"203.0.113.10\0junk", 17}).has_value());
    BOOST_TEST(!IpAddress::parse("fe80::1%eth0").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
