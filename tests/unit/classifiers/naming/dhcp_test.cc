#include "classifiers/naming/dhcp.h"

#include <boost/test/unit_test.hpp>

#include "support/hex_bytes.h"
#include "unit/classifiers/naming/packets.h"

namespace {

using schoolgate::classifiers::naming::is_dhcp_message;
using schoolgate::test::hex_bytes;

BOOST_AUTO_TEST_SUITE(DhcpTest)

BOOST_AUTO_TEST_CASE(a_real_discover_and_its_reply_are_dhcp) {
    auto packet = hex_bytes(schoolgate::test::packets::kDhcpDiscover);
    BOOST_TEST(is_dhcp_message(packet));
    packet[0] = 2;  // BOOTREPLY
    BOOST_TEST(is_dhcp_message(packet));
}

BOOST_AUTO_TEST_CASE(no_prefix_short_of_the_magic_cookie_is_dhcp) {
    const auto packet = hex_bytes(schoolgate::test::packets::kDhcpDiscover);
    for (std::size_t size = 0; size < 240; ++size) {
        BOOST_TEST_CONTEXT("prefix of " << size << " bytes") { BOOST_TEST(!is_dhcp_message({packet.data(), size})); }
    }
    BOOST_TEST(is_dhcp_message({packet.data(), 240}));  // the cookie ends the fixed part; options may follow
}

BOOST_AUTO_TEST_CASE(a_wrong_field_is_not_dhcp) {
    const auto good = hex_bytes(schoolgate::test::packets::kDhcpDiscover);
    auto packet = good;
    packet[0] = 3;  // no such op
    BOOST_TEST(!is_dhcp_message(packet));
    packet = good;
    packet[2] = 17;  // hardware address longer than chaddr
    BOOST_TEST(!is_dhcp_message(packet));
    packet = good;
    packet[3] = 17;  // more relay hops than allowed
    BOOST_TEST(!is_dhcp_message(packet));
    packet = good;
    packet[239] ^= 1;  // the cookie's last byte
    BOOST_TEST(!is_dhcp_message(packet));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
