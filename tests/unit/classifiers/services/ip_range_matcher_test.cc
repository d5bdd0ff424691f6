#include "classifiers/services/ip_range_matcher.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::classifiers::kNoService;
using schoolgate::classifiers::ServiceId;
using schoolgate::classifiers::services::IpRangeMatcher;
using schoolgate::net::Cidr;
using schoolgate::net::IpAddress;

Cidr cidr(const char* text) { return Cidr::parse(text).value(); }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

constexpr ServiceId kMeta = 1;
constexpr ServiceId kMetaEdge = 2;
constexpr ServiceId kMetaHost = 3;
constexpr ServiceId kGoogle = 4;
constexpr ServiceId kGoogleV6Edge = 5;

IpRangeMatcher make_matcher() {
    IpRangeMatcher matcher;
    matcher.add(cidr("157.240.0.0/16"), kMeta);
    matcher.add(cidr("157.240.229.0/24"), kMetaEdge);
    matcher.add(cidr("157.240.229.35/32"), kMetaHost);
    matcher.add(cidr("2a03:2880::/32"), kMeta);
    matcher.add(cidr("2607:f8b0::/32"), kGoogle);
    matcher.add(cidr("2607:f8b0:4004::/48"), kGoogleV6Edge);
    matcher.add(cidr("142.250.0.0/15"), kGoogle);
    return matcher;
}

struct MatchCase {
    const char* address;
    ServiceId expected;
};

std::ostream& operator<<(std::ostream& out, const MatchCase& c) { return out << c.address; }

const std::vector<MatchCase> kMatchCases{
    {"157.240.1.1", kMeta},
    {"157.240.229.1", kMetaEdge},
    {"157.240.229.35", kMetaHost},
    {"157.240.229.36", kMetaEdge},
    {"157.241.0.1", kNoService},
    {"142.251.255.255", kGoogle},  // inside the /15
    {"142.252.0.0", kNoService},
    {"2a03:2880:f12d:83:face:b00c::25de", kMeta},
    {"2a03:2881::1", kNoService},
    {"2607:f8b0:4004:c07::64", kGoogleV6Edge},
    {"2607:f8b0:4005::1", kGoogle},
    // No cross-family matches: v4-mapped and v6 addresses whose leading bytes spell a listed v4 block.
    {"::ffff:157.240.1.1", kNoService},
    {"9df0:101::", kNoService},  // 9d f0 01 01 = 157.240.1.1
    {"10.0.0.1", kNoService},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(IpRangeMatcherTest)

BOOST_DATA_TEST_CASE(longest_prefix_wins_within_one_family, bdata::make(kMatchCases), c) {
    BOOST_TEST(make_matcher().match(ip(c.address)) == c.expected);
}

BOOST_AUTO_TEST_CASE(default_routes_do_not_cross_families) {
    IpRangeMatcher v4_only;
    v4_only.add(cidr("0.0.0.0/0"), kMeta);
    BOOST_TEST(v4_only.match(ip("203.0.113.9")) == kMeta);
    BOOST_TEST(v4_only.match(ip("::")) == kNoService);
    BOOST_TEST(v4_only.match(ip("2001:db8::1")) == kNoService);

    IpRangeMatcher v6_only;
    v6_only.add(cidr("::/0"), kGoogle);
    BOOST_TEST(v6_only.match(ip("2001:db8::1")) == kGoogle);
    BOOST_TEST(v6_only.match(ip("0.0.0.0")) == kNoService);
    BOOST_TEST(v6_only.match(ip("203.0.113.9")) == kNoService);
}

BOOST_AUTO_TEST_CASE(repeated_block_keeps_its_first_service) {
    IpRangeMatcher matcher;
    BOOST_TEST(matcher.add(cidr("157.240.0.0/16"), kMeta));
    BOOST_TEST(!matcher.add(cidr("157.240.0.0/16"), kGoogle));
    BOOST_TEST(matcher.add(cidr("157.240.0.0/17"), kGoogle));
    BOOST_TEST(matcher.size() == 2u);
    BOOST_TEST(matcher.match(ip("157.240.200.1")) == kMeta);
    BOOST_TEST(matcher.match(ip("157.240.1.1")) == kGoogle);
}

BOOST_AUTO_TEST_CASE(empty_matcher_matches_nothing) {
    const IpRangeMatcher matcher;
    BOOST_TEST(matcher.size() == 0u);
    BOOST_TEST(matcher.match(ip("157.240.1.1")) == kNoService);
    BOOST_TEST(matcher.match(ip("2a03:2880::1")) == kNoService);
}

BOOST_AUTO_TEST_SUITE_END()
