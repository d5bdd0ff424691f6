// IpAddress compares on 64-bit words for speed; it must order exactly as the member-wise comparison it
// replaced (family, then the 16 bytes in order), because the canonical flow key, the sharding of flows
// between workers and every sorted report depend on that order.
#include <array>
#include <boost/test/unit_test.hpp>
#include <compare>
#include <cstdint>
#include <random>
#include <span>
#include <tuple>

#include "common/net/ip_address.h"
#include "common/wire/fixed_header.h"

namespace {

using schoolgate::net::IpAddress;

struct Plain {
    int family;
    std::array<std::uint8_t, 16> bytes;
};

std::strong_ordering plain_order(const Plain& a, const Plain& b) {
    return std::tie(a.family, a.bytes) <=> std::tie(b.family, b.bytes);
}

IpAddress make(const Plain& plain) {
    if (plain.family == 4) return IpAddress::from_v4_bytes(std::span{plain.bytes}.first<4>());
    return IpAddress::from_v6_bytes(std::span<const std::uint8_t, 16>{plain.bytes});
}

Plain random_plain(std::mt19937_64& random) {
    Plain plain{random() % 2 ? 4 : 6, {}};
    const std::size_t length = plain.family == 4 ? 4 : 16;
    // Few distinct byte values, so that long shared prefixes and ties are common.
    for (std::size_t i = 0; i < length; ++i) plain.bytes[i] = static_cast<std::uint8_t>(random() % 3 * 0x7f);
    return plain;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(IpAddressOrder)

BOOST_AUTO_TEST_CASE(orders_as_family_then_bytes) {
    std::mt19937_64 random{20261206};
    for (int i = 0; i < 200'000; ++i) {
        const Plain a = random_plain(random);
        const Plain b = random_plain(random);
        const auto expected = plain_order(a, b);
        BOOST_REQUIRE((make(a) <=> make(b)) == expected);
        BOOST_REQUIRE((make(a) == make(b)) == (expected == std::strong_ordering::equal));
    }
}

BOOST_AUTO_TEST_CASE(fixed_size_constructors_match_the_checked_one) {
    const std::array<std::uint8_t, 16> bytes{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    BOOST_TEST((IpAddress::from_v6_bytes(std::span<const std::uint8_t, 16>{bytes}) ==
                *IpAddress::from_network_bytes(bytes)));
    BOOST_TEST(IpAddress::from_v6_bytes(std::span<const std::uint8_t, 16>{bytes}).to_string() == "2001:db8::1");
    const std::array<std::uint8_t, 4> v4{192, 0, 2, 7};
    BOOST_TEST((IpAddress::from_v4_bytes(v4) == *IpAddress::from_network_bytes(v4)));
    BOOST_TEST(IpAddress::from_v4_bytes(v4).to_string() == "192.0.2.7");
    BOOST_TEST((IpAddress::from_v4_bytes(v4) < *IpAddress::parse("::1")));  // every IPv4 before IPv6
}

BOOST_AUTO_TEST_CASE(fixed_header_fields) {
    const std::array<std::uint8_t, 6> header{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc};
    const auto fixed = schoolgate::wire::peek_fixed<6>(header);
    BOOST_REQUIRE(fixed.has_value());
    BOOST_TEST(schoolgate::wire::at<5>(*fixed) == 0xbc);
    BOOST_TEST(schoolgate::wire::be16<1>(*fixed) == 0x3456);
    BOOST_TEST(schoolgate::wire::be32<2>(*fixed) == 0x56789abcu);
    const auto tail = schoolgate::wire::bytes<4, 2>(*fixed);
    BOOST_TEST(tail[0] == 0x9a);
    BOOST_TEST(!schoolgate::wire::peek_fixed<7>(header).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
