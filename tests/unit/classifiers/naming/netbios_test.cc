#include "classifiers/naming/netbios.h"

#include <boost/test/unit_test.hpp>

#include "support/hex_bytes.h"
#include "unit/classifiers/naming/packets.h"

namespace {

using schoolgate::classifiers::naming::is_netbios_message;
using schoolgate::test::hex_bytes;

constexpr std::size_t kNameEnd = 12 + 1 + 32;  // name service header, length byte, encoded name

BOOST_AUTO_TEST_SUITE(NetbiosTest)

BOOST_AUTO_TEST_CASE(a_real_name_query_and_datagram_are_netbios) {
    BOOST_TEST(is_netbios_message(hex_bytes(schoolgate::test::packets::kNetbiosNameQuery)));
    BOOST_TEST(is_netbios_message(hex_bytes(schoolgate::test::packets::kNetbiosDatagram)));
}

BOOST_AUTO_TEST_CASE(truncated_packets_are_not_netbios) {
    const auto query = hex_bytes(schoolgate::test::packets::kNetbiosNameQuery);
    for (std::size_t size = 0; size < kNameEnd; ++size) {
        BOOST_TEST_CONTEXT("query prefix of " << size << " bytes") { BOOST_TEST(!is_netbios_message({query.data(), size})); }
    }
    // A datagram's length field says how much follows its header: every shorter prefix is refused.
    const auto datagram = hex_bytes(schoolgate::test::packets::kNetbiosDatagram);
    schoolgate::test::for_each_prefix(datagram, [](std::span<const std::uint8_t> prefix) {
        BOOST_TEST_CONTEXT("datagram prefix of " << prefix.size() << " bytes") { BOOST_TEST(!is_netbios_message(prefix)); }
    });
}

BOOST_AUTO_TEST_CASE(a_wrong_field_is_not_netbios) {
    auto query = hex_bytes(schoolgate::test::packets::kNetbiosNameQuery);
    query[2] = 0x11;  // opcode 2 (reserved)
    BOOST_TEST(!is_netbios_message(query));
    query = hex_bytes(schoolgate::test::packets::kNetbiosNameQuery);
    query[5] = 0;  // no question, no answer
    BOOST_TEST(!is_netbios_message(query));
    query = hex_bytes(schoolgate::test::packets::kNetbiosNameQuery);
    query[20] = 'Q';  // a letter outside A-P
    BOOST_TEST(!is_netbios_message(query));
    query = hex_bytes(schoolgate::test::packets::kNetbiosNameQuery);
    query[12] = 31;  // a name of another length
    BOOST_TEST(!is_netbios_message(query));

    auto datagram = hex_bytes(schoolgate::test::packets::kNetbiosDatagram);
    datagram[1] = 0x12;  // a reserved flag bit
    BOOST_TEST(!is_netbios_message(datagram));
    datagram = hex_bytes(schoolgate::test::packets::kNetbiosDatagram);
    datagram[11] += 1;  // a length one byte too long
    BOOST_TEST(!is_netbios_message(datagram));
    datagram = hex_bytes(schoolgate::test::packets::kNetbiosDatagram);
    datagram[0] = 0x17;  // no such message type
    BOOST_TEST(!is_netbios_message(datagram));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
