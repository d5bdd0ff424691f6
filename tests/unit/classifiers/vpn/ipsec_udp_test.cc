#include "classifiers/vpn/ipsec_udp.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "support/hex_bytes.h"
#include "unit/classifiers/naming/packets.h"

namespace {

using namespace schoolgate::classifiers;
using namespace schoolgate::classifiers::vpn;
using schoolgate::test::hex_bytes;

std::string kind_name(IpsecDatagram kind) {
    switch (kind) {
        case IpsecDatagram::Ike: return "ike";
        case IpsecDatagram::Esp: return "esp";
        case IpsecDatagram::Keepalive: return "keepalive";
        case IpsecDatagram::None: break;
    }
    return "none";
}

std::vector<std::uint8_t> ike_auth() {  // the same IKE_AUTH without the marker, as it travels on UDP 500
    const auto behind_marker = hex_bytes(schoolgate::test::packets::kIkeAuthBehindMarker);
    return {behind_marker.begin() + 4, behind_marker.end()};
}

BOOST_AUTO_TEST_SUITE(IpsecUdpTest)

BOOST_AUTO_TEST_CASE(real_datagrams_on_4500_and_500) {
    BOOST_TEST(kind_name(read_nat_traversal_datagram(hex_bytes(schoolgate::test::packets::kIkeAuthBehindMarker))) == "ike");
    BOOST_TEST(kind_name(read_nat_traversal_datagram(hex_bytes(schoolgate::test::packets::kEspInUdp))) == "esp");
    BOOST_TEST(kind_name(read_nat_traversal_datagram(std::vector<std::uint8_t>{0xff})) == "keepalive");
    BOOST_TEST(kind_name(read_ike_port_datagram(ike_auth())) == "ike");
    // ESP and keepalives belong to 4500 only; on 500 everything must be IKE.
    BOOST_TEST(kind_name(read_ike_port_datagram(hex_bytes(schoolgate::test::packets::kEspInUdp))) == "none");
    BOOST_TEST(kind_name(read_ike_port_datagram(std::vector<std::uint8_t>{0xff})) == "none");
}

BOOST_AUTO_TEST_CASE(truncated_ike_is_not_ike) {
    schoolgate::test::for_each_prefix(ike_auth(), [](std::span<const std::uint8_t> prefix) {
        BOOST_TEST_CONTEXT("prefix of " << prefix.size() << " bytes") {
            BOOST_TEST(kind_name(read_ike_port_datagram(prefix)) == "none");
        }
    });
    // Behind the marker a cut IKE message is never taken for ESP (the marker is SPI 0, which ESP never uses).
    schoolgate::test::for_each_prefix(hex_bytes(schoolgate::test::packets::kIkeAuthBehindMarker),
                                      [](std::span<const std::uint8_t> prefix) {
                                          BOOST_TEST_CONTEXT("prefix of " << prefix.size() << " bytes") {
                                              BOOST_TEST(kind_name(read_nat_traversal_datagram(prefix)) == "none");
                                          }
                                      });
}

BOOST_AUTO_TEST_CASE(malformed_datagrams_are_not_ipsec) {
    auto ike = ike_auth();
    ike[17] = 0x30;  // major version 3
    BOOST_TEST(kind_name(read_ike_port_datagram(ike)) == "none");
    ike = ike_auth();
    for (std::size_t i = 0; i < 8; ++i) ike[i] = 0;  // no initiator SPI
    BOOST_TEST(kind_name(read_ike_port_datagram(ike)) == "none");
    ike = ike_auth();
    ike.push_back(0);  // longer than its header says
    BOOST_TEST(kind_name(read_ike_port_datagram(ike)) == "none");
    auto esp = hex_bytes(schoolgate::test::packets::kEspInUdp);
    esp[0] = esp[1] = esp[2] = 0, esp[3] = 0xff;  // SPI 255: reserved
    BOOST_TEST(kind_name(read_nat_traversal_datagram(esp)) == "none");
    BOOST_TEST(kind_name(read_nat_traversal_datagram(std::vector<std::uint8_t>{4, 0x24, 0x56, 0x5a, 0, 0, 0, 4})) == "none");
    BOOST_TEST(kind_name(read_nat_traversal_datagram(std::vector<std::uint8_t>{0xfe})) == "none");
    BOOST_TEST(kind_name(read_nat_traversal_datagram(std::vector<std::uint8_t>{})) == "none");
}

// The evidence keeps nDPI's Low: nDPI 4.2 named these flows by port, and the thresholds saw Low before.
BOOST_AUTO_TEST_CASE(naming_notes_vpn_ipsec_at_low_confidence) {
    Observations observations;
    BOOST_TEST(name_nat_traversal_port(hex_bytes(schoolgate::test::packets::kEspInUdp), observations));
    BOOST_REQUIRE_EQUAL(observations.techniques.size(), 1u);
    BOOST_TEST(technique_name(observations.techniques.front().technique) == "vpn.ipsec");
    BOOST_TEST(confidence_name(observations.techniques.front().confidence) == "low");
    BOOST_TEST(observations.techniques.front().evidence == "ESP inside UDP on port 4500 (RFC 3948 NAT traversal)");
    Observations ike;
    BOOST_TEST(name_ike_port(ike_auth(), ike));
    BOOST_TEST(ike.techniques.front().evidence == "an IKE message on UDP 500");
    Observations none;
    BOOST_TEST(!name_ike_port(hex_bytes(schoolgate::test::packets::kEspInUdp), none));
    BOOST_TEST(none.techniques.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
