#include <boost/test/unit_test.hpp>
#include <string>

#include "gateway/radius/radius_packet.h"

namespace {

using namespace schoolgate;
using namespace schoolgate::gateway::radius;

net::IpAddress ip(const char* text) { return *net::IpAddress::parse(text); }

std::vector<std::uint8_t> start_packet(std::string_view secret = "testing123") {
    return make_accounting_request(7, StatusType::Start, "jo.bloggs", {ip("10.20.0.50"), ip("2001:db8::50")},
                                   "02-00-5E-10-00-50", secret);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(RadiusPacketTest)

BOOST_AUTO_TEST_CASE(an_accounting_start_is_read_and_its_authenticator_checked) {
    const auto packet = start_packet();
    const auto parsed = parse_accounting_request(packet);
    BOOST_TEST_REQUIRE(parsed.request.has_value());
    const auto& request = *parsed.request;
    BOOST_TEST((request.status == StatusType::Start));
    BOOST_TEST(request.user == "jo.bloggs");
    BOOST_TEST_REQUIRE(request.addresses.size() == 2u);
    BOOST_TEST((request.addresses[1] == ip("2001:db8::50")));
    BOOST_TEST((request.mac == net::MacAddress::parse("02:00:5e:10:00:50")));
    BOOST_TEST(request_authenticator_ok(request, "testing123"));
    BOOST_TEST(!request_authenticator_ok(request, "testing124"));
}

// Stop for user "a", secret "s", built by hand and hashed with Python's hashlib: the Request Authenticator
// MD5(04 01 00 1d, 16 zero octets, attributes, secret) and the Response Authenticator MD5(05 01 00 14,
// request authenticator, secret).
BOOST_AUTO_TEST_CASE(authenticators_match_an_independent_md5) {
    const std::vector<std::uint8_t> packet = make_accounting_request(1, StatusType::Stop, "a", {}, "", "s");
    const std::vector<std::uint8_t> expected_request{0xa5, 0xf1, 0x04, 0x66, 0x61, 0x34, 0xb0, 0xf2,
                                                     0xdd, 0xee, 0xfa, 0x93, 0xac, 0xd4, 0xd6, 0x90};
    const std::vector<std::uint8_t> expected_response{0x34, 0x85, 0x7b, 0x12, 0x0a, 0x25, 0x33, 0x43,
                                                      0x9c, 0xbd, 0x30, 0x66, 0x1a, 0xb9, 0xc2, 0xdf};
    BOOST_TEST_REQUIRE(packet.size() == 29u);
    BOOST_TEST(std::vector<std::uint8_t>(packet.begin() + 4, packet.begin() + 20) == expected_request,
               boost::test_tools::per_element());
    const auto parsed = parse_accounting_request(packet);
    BOOST_TEST_REQUIRE(parsed.request.has_value());
    BOOST_TEST((parsed.request->status == StatusType::Stop));
    BOOST_TEST(request_authenticator_ok(*parsed.request, "s"));
    const auto response = accounting_response(*parsed.request, "s");
    BOOST_TEST(response[0] == kAccountingResponse);
    BOOST_TEST(response[1] == 1);
    BOOST_TEST(response[3] == 20);
    BOOST_TEST(std::vector<std::uint8_t>(response.begin() + 4, response.end()) == expected_response,
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_truncation_is_refused_cleanly) {
    const auto packet = start_packet();
    for (std::size_t size = 0; size < packet.size(); ++size) {
        const auto parsed = parse_accounting_request(std::span{packet}.first(size));
        BOOST_TEST(!parsed.request.has_value(), "truncated to " << size);
        BOOST_TEST((parsed.error == RadiusError::TooShort), "truncated to " << size);
    }
}

BOOST_AUTO_TEST_CASE(bad_packets_are_named) {
    auto packet = start_packet();
    auto bad = packet;
    bad[0] = 1;  // Access-Request
    BOOST_TEST((parse_accounting_request(bad).error == RadiusError::NotAccounting));
    bad = packet;
    bad[2] = 0x20;  // Length 8192 + ...
    BOOST_TEST((parse_accounting_request(bad).error == RadiusError::BadLength));
    bad = packet;
    bad[21] = 1;  // the first attribute's length under 2
    BOOST_TEST((parse_accounting_request(bad).error == RadiusError::BadAttribute));
    bad = packet;
    bad[21] = 200;  // the first attribute runs past the packet
    BOOST_TEST((parse_accounting_request(bad).error == RadiusError::BadAttribute));
    bad = packet;
    bad[21] = 5;  // Acct-Status-Type of 3 bytes; the rest no longer lines up
    BOOST_TEST(!parse_accounting_request(bad).request.has_value());
    const auto no_status = make_accounting_request(1, StatusType::Other, "", {}, "", "s");
    auto trimmed = no_status;
    trimmed.resize(20);
    trimmed[3] = 20;
    BOOST_TEST((parse_accounting_request(trimmed).error == RadiusError::NoStatusType));
}

BOOST_AUTO_TEST_SUITE_END()
