#include "classifiers/naming/udp_namer.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "support/classifier_test_text.h"
#include "support/hex_bytes.h"
#include "unit/classifiers/naming/packets.h"

namespace {

using namespace schoolgate::classifiers;
using schoolgate::test::hex_bytes;
namespace packets = schoolgate::test::packets;

constexpr Direction kClient = Direction::ClientToServer;

struct Worker {
    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
};

std::string named(std::uint16_t server_port, std::string_view hex) {
    Observations observations;
    const auto* entry = naming::name_udp_datagram(server_port, hex_bytes(hex), observations);
    BOOST_TEST((entry == nullptr) == observations.classifier.empty());
    return entry ? std::string{entry->name} : "<none>";
}

BOOST_AUTO_TEST_SUITE(UdpNamerTest)

BOOST_AUTO_TEST_CASE(each_protocol_is_named_as_ndpi_names_it) {
    BOOST_TEST(named(67, packets::kDhcpDiscover) == "dhcp");
    BOOST_TEST(named(137, packets::kNetbiosNameQuery) == "netbios");
    BOOST_TEST(named(138, packets::kNetbiosDatagram) == "netbios");
    BOOST_TEST(named(17500, packets::kDropboxLanSync) == "dropbox");
    BOOST_TEST(named(57621, packets::kSpotifyDiscovery) == "spotify");
    BOOST_TEST(named(4500, packets::kEspInUdp) == "ipsec");
    BOOST_TEST(named(4500, packets::kIkeAuthBehindMarker) == "ipsec");
    // Content alone names the others on any port; IPsec needs its port.
    BOOST_TEST(named(40000, packets::kDhcpDiscover) == "dhcp");
    BOOST_TEST(named(40000, packets::kEspInUdp) == "<none>");
    BOOST_TEST(named(4500, "") == "<none>");
}

BOOST_AUTO_TEST_CASE(every_row_names_a_protocol_ndpi_knows) {
    std::set<std::string> names;
    for (const auto& entry : naming::namer_table()) {
        BOOST_TEST_CONTEXT(entry.name) {
            BOOST_TEST(!entry.name.empty());
            BOOST_TEST(!entry.ndpi_names.front().empty());
            BOOST_TEST((entry.name_datagram != nullptr));
            names.insert(std::string{entry.name});
        }
    }
    BOOST_TEST(names == (std::set<std::string>{"dhcp", "netbios", "dropbox", "spotify", "ipsec"}),
               boost::test_tools::per_element());
}

// Naming is not claiming: a flow named by its first datagram is still probed, and a tunnel that follows a
// fake first datagram is found and renames the flow.
BOOST_AUTO_TEST_CASE(a_named_flow_stays_open_to_the_registry_probes) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 4500};
    inspector.on_udp_datagram(kClient, hex_bytes(packets::kEspInUdp), worker.context);
    BOOST_TEST(inspector.classifier_name() == "ipsec");
    BOOST_TEST((inspector.namer() != nullptr));
    BOOST_TEST(technique_name(inspector.observations().techniques.at(0).technique) == "vpn.ipsec");

    schoolgate::test::Bytes initiation(148, 0x5a);  // WireGuard handshake initiation
    initiation[0] = 1, initiation[1] = initiation[2] = initiation[3] = 0;
    inspector.on_udp_datagram(kClient, initiation, worker.context);
    BOOST_TEST(inspector.classifier_name() == "wireguard");
    BOOST_TEST((inspector.namer() == nullptr));
    BOOST_TEST(inspector.observations().has_technique(Technique::VpnWireGuard));
}

BOOST_AUTO_TEST_CASE(a_claimed_flow_is_never_renamed_by_a_namer) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 40000};
    BOOST_TEST(inspector.classifier_name().empty());
    inspector.on_udp_datagram(kClient, hex_bytes(packets::kDhcpDiscover), worker.context);
    BOOST_TEST(inspector.classifier_name() == "dhcp");
    // A second datagram of another protocol we only name does not rename it either: the first name stays.
    inspector.on_udp_datagram(kClient, hex_bytes(packets::kDropboxLanSync), worker.context);
    BOOST_TEST(inspector.classifier_name() == "dhcp");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
