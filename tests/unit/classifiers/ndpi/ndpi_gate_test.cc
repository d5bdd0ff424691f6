#include "classifiers/ndpi/ndpi_gate.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "support/hex_bytes.h"
#include "unit/classifiers/naming/packets.h"

namespace {

using namespace schoolgate::classifiers;
using schoolgate::classifiers::ndpi::answered_by;
using schoolgate::classifiers::ndpi::NdpiServiceMap;
using schoolgate::classifiers::services::ServiceCatalogue;
using schoolgate::classifiers::services::ServiceDefinition;
using schoolgate::test::hex_bytes;

struct Worker {
    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
};

ServiceDefinition service(std::string name, std::vector<std::string> ndpi_names) {
    ServiceDefinition definition;
    definition.name = std::move(name);
    definition.domains = {definition.name + ".example"};
    definition.ndpi_protocols = std::move(ndpi_names);
    return definition;
}

BOOST_AUTO_TEST_SUITE(NdpiGateTest)

BOOST_AUTO_TEST_CASE(a_named_flow_is_not_asked_unless_the_catalogue_lists_its_ndpi_name) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 17500};
    BOOST_TEST(answered_by(inspector, NdpiServiceMap{}).empty());  // nobody has said anything yet: ask nDPI
    inspector.on_udp_datagram(Direction::ClientToServer, hex_bytes(schoolgate::test::packets::kDropboxLanSync),
                              worker.context);
    BOOST_TEST(answered_by(inspector, NdpiServiceMap{}) == "dropbox");

    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    BOOST_TEST(catalogue.add(service("file-sharing", {"dropbox"}), conflicts) != kNoService);
    BOOST_TEST(answered_by(inspector, NdpiServiceMap{catalogue}).empty());  // nDPI could name the service
}

BOOST_AUTO_TEST_CASE(a_claimed_flow_is_answered_by_its_classifier_whatever_the_catalogue) {
    Worker worker;
    FlowInspector inspector{Transport::Udp, 51820};
    std::vector<std::uint8_t> initiation(148, 0x5a);  // WireGuard handshake initiation
    initiation[0] = 1, initiation[1] = initiation[2] = initiation[3] = 0;
    inspector.on_udp_datagram(Direction::ClientToServer, initiation, worker.context);
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    BOOST_TEST(catalogue.add(service("vpns", {"WireGuard"}), conflicts) != kNoService);
    BOOST_TEST(answered_by(inspector, NdpiServiceMap{catalogue}) == "wireguard");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
