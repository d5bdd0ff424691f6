#include "classifiers/ndpi/ndpi_mapping.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "ndpi_test_support.h"

namespace {

using namespace schoolgate::classifiers::ndpi;
using schoolgate::classifiers::Confidence;
using schoolgate::classifiers::confidence_name;
using schoolgate::classifiers::kNoService;
using schoolgate::classifiers::technique_name;
using schoolgate::classifiers::services::ServiceCatalogue;
using schoolgate::classifiers::services::ServiceDefinition;
using schoolgate::test::shared_module;
using schoolgate::test::shipped_catalogue;

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

NdpiReading reading_of(std::string master, std::string app, NdpiConfidence confidence = NdpiConfidence::Dpi,
                       std::uint8_t ip_protocol = kTcp, bool guessed = false) {
    NdpiReading reading;
    reading.done = true;
    reading.known = !master.empty() || !app.empty();
    reading.protocol = master.empty() ? (app.empty() ? "Unknown" : app) : (app.empty() ? master : master + "." + app);
    reading.master = std::move(master);
    reading.app = std::move(app);
    reading.confidence = confidence;
    reading.ip_protocol = ip_protocol;
    reading.guessed = guessed;
    return reading;
}

struct TechniqueCase {
    const char* master;
    const char* app;
    NdpiConfidence confidence;
    std::uint8_t ip_protocol;
    std::uint16_t server_port;
    bool guessed;
    const char* technique;   ///< wire name, "" for none
    const char* confidence_expected;
};

std::ostream& operator<<(std::ostream& out, const TechniqueCase& c) {
    return out << c.master << "." << c.app << " " << ndpi_confidence_name(c.confidence) << " port " << c.server_port;
}

const TechniqueCase kTechniqueCases[] = {
    // nDPI 4.2's OpenVPN-over-UDP check is one packet's length and first byte: Medium at best.
    {"", "OpenVPN", NdpiConfidence::Dpi, kUdp, 1194, false, "vpn.openvpn", "medium"},
    {"", "OpenVPN", NdpiConfidence::MatchByPort, kUdp, 1194, true, "vpn.openvpn", "low"},
    // Off 1194 that one-packet check named a Telegram call's media packet: a hint only.
    {"", "OpenVPN", NdpiConfidence::Dpi, kUdp, 60723, false, "vpn.openvpn", "low"},
    {"", "OpenVPN", NdpiConfidence::Dpi, kTcp, 443, false, "vpn.openvpn", "medium"},
    {"", "WireGuard", NdpiConfidence::Dpi, kUdp, 51820, false, "vpn.wireguard", "high"},
    {"", "WireGuard", NdpiConfidence::MatchByPort, kUdp, 51820, true, "vpn.wireguard", "low"},
    {"", "IPsec", NdpiConfidence::Dpi, 50, 0, false, "vpn.ipsec", "high"},
    {"", "IPSec", NdpiConfidence::Dpi, 50, 0, false, "vpn.ipsec", "high"},  // nDPI 4.11's spelling
    {"", "IPsec", NdpiConfidence::MatchByPort, kUdp, 4500, true, "vpn.ipsec", "low"},
    {"", "PPTP", NdpiConfidence::Dpi, kTcp, 1723, false, "vpn.pptp", "high"},
    {"", "GRE", NdpiConfidence::Dpi, 47, 0, false, "vpn.pptp", "low"},
    {"TLS", "Tor", NdpiConfidence::Dpi, kTcp, 443, false, "tor", "medium"},
    {"", "Tor", NdpiConfidence::MatchByIp, kTcp, 9001, false, "tor", "medium"},
    {"", "HTTP_Connect", NdpiConfidence::Dpi, kTcp, 3128, false, "proxy.http_connect", "high"},
    {"HTTP", "HTTP_Proxy", NdpiConfidence::Dpi, kTcp, 8080, false, "proxy.http_absolute", "high"},
    {"", "HTTP_Proxy", NdpiConfidence::MatchByPort, kTcp, 8080, true, "proxy.http_absolute", "low"},
    {"", "SOCKS", NdpiConfidence::Dpi, kTcp, 1080, false, "proxy.socks", "medium"},
    {"", "DNScrypt", NdpiConfidence::Dpi, kUdp, 443, false, "dns.dnscrypt", "high"},
    {"", "AVASTSecureDNS", NdpiConfidence::Dpi, kUdp, 53, false, "dns.dnscrypt", "medium"},
    {"TLS", "DoH_DoT", NdpiConfidence::Dpi, kTcp, 443, false, "dns.doh", "high"},
    {"TLS", "DoH_DoT", NdpiConfidence::Dpi, kTcp, 853, false, "dns.dot", "high"},
    {"QUIC", "DoH_DoT", NdpiConfidence::Dpi, kUdp, 853, false, "dns.doq", "high"},
    {"QUIC", "DoH_DoT", NdpiConfidence::Dpi, kUdp, 784, false, "dns.doq", "high"},
    {"QUIC", "DoH_DoT", NdpiConfidence::Dpi, kUdp, 443, false, "dns.doh", "high"},  // DoH over HTTP/3
    // QUIC is a transport: a technique only towards a listed service, which derive_techniques() decides.
    {"QUIC", "YouTube", NdpiConfidence::Dpi, kUdp, 443, false, "", ""},
    {"", "QUIC", NdpiConfidence::Dpi, kUdp, 443, false, "", ""},
    {"", "CiscoVPN", NdpiConfidence::Dpi, kTcp, 10000, false, "vpn.app", "medium"},
    {"TLS", "iCloudPrivateRelay", NdpiConfidence::Dpi, kTcp, 443, false, "vpn.app", "medium"},
    {"TLS", "NordVPN", NdpiConfidence::Dpi, kTcp, 443, false, "vpn.app", "medium"},  // a later nDPI's name
    {"TLS", "Facebook", NdpiConfidence::Dpi, kTcp, 443, false, "", ""},
    {"", "SSH", NdpiConfidence::Dpi, kTcp, 22, false, "", ""},
    {"", "", NdpiConfidence::Unknown, kTcp, 443, false, "", ""},
};

ServiceDefinition service(std::string name, std::vector<std::string> ndpi) {
    ServiceDefinition definition;
    definition.name = name;
    definition.display_name = name;
    definition.ndpi_protocols = std::move(ndpi);
    return definition;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(NdpiMappingTest)

BOOST_DATA_TEST_CASE(protocols_map_to_techniques, boost::unit_test::data::make(kTechniqueCases), c) {
    const auto reading = reading_of(c.master, c.app, c.confidence, c.ip_protocol, c.guessed);
    const auto technique = technique_for(reading, c.server_port);
    if (std::string{c.technique}.empty()) {
        BOOST_TEST(!technique.has_value());
        return;
    }
    BOOST_REQUIRE(technique.has_value());
    BOOST_TEST(technique_name(technique->technique) == c.technique);
    BOOST_TEST(confidence_name(technique->confidence) == c.confidence_expected);
}

BOOST_AUTO_TEST_CASE(evidence_names_ndpi_its_reading_and_its_risks) {
    auto reading = reading_of("TLS", "Tor");
    reading.risks = {"Obsolete TLS Version (1.1 or older)", "Suspicious DGA Domain name", "Unsafe Protocol"};
    const auto technique = technique_for(reading, 443);
    BOOST_REQUIRE(technique.has_value());
    BOOST_TEST(technique->evidence == "nDPI " + NdpiModule::version() +
                                          " reads this flow as TLS.Tor (dpi; risks: Obsolete TLS Version (1.1 or "
                                          "older), Suspicious DGA Domain name, Unsafe Protocol)");
    reading = reading_of("", "OpenVPN", NdpiConfidence::MatchByPort, kUdp, true);
    reading.risks = {"a", "b", "c", "d", "e", "f"};
    BOOST_TEST(technique_for(reading, 1194)->evidence ==
               "nDPI " + NdpiModule::version() + " reads this flow as OpenVPN (port, guessed; risks: a, b, c, d and 2 more)");
}

BOOST_AUTO_TEST_CASE(opinion_confidence_is_high_only_for_an_unguessed_payload_match) {
    BOOST_TEST(confidence_name(opinion_confidence(reading_of("TLS", "Facebook", NdpiConfidence::Dpi))) == "high");
    BOOST_TEST(confidence_name(opinion_confidence(reading_of("", "Facebook", NdpiConfidence::MatchByIp))) == "medium");
    BOOST_TEST(confidence_name(opinion_confidence(reading_of("", "Skype", NdpiConfidence::DpiCache))) == "medium");
    BOOST_TEST(confidence_name(opinion_confidence(reading_of("", "OpenVPN", NdpiConfidence::MatchByPort))) == "low");
    // At give-up nDPI may call a guess "dpi" (a TLS hello with a name): the guess flag wins.
    BOOST_TEST(confidence_name(opinion_confidence(reading_of("", "TLS", NdpiConfidence::Dpi, kTcp, true))) == "low");
    BOOST_TEST(confidence_name(opinion_confidence(reading_of("", ""))) == "low");
}

BOOST_AUTO_TEST_CASE(the_shipped_catalogue_maps_ndpi_names_to_its_services) {
    const auto& catalogue = shipped_catalogue();
    const NdpiServiceMap services{catalogue};
    BOOST_TEST(services.service_for_protocol("TLS.Facebook") == catalogue.find("facebook"));
    BOOST_TEST(services.service_for_protocol("QUIC.Messenger") == catalogue.find("facebook"));
    BOOST_TEST(services.service_for_protocol("HTTP.Instagram") == catalogue.find("instagram"));
    BOOST_TEST(services.service_for_protocol("TLS.Twitter") == catalogue.find("x"));
    BOOST_TEST(services.service_for_protocol("Facebook") == catalogue.find("facebook"));
    BOOST_TEST(services.service_for_protocol("TLS.YouTube") == catalogue.find("youtube"));
    BOOST_TEST(services.service_for_protocol("STUN.WhatsAppCall") == catalogue.find("whatsapp"));
    BOOST_TEST(services.service_for_protocol("TLS.Netflix") == kNoService);
    BOOST_TEST(services.service_for_protocol("TLS") == kNoService);
    BOOST_TEST(services.service_for_protocol("") == kNoService);
    BOOST_TEST(services.service_for(reading_of("TLS", "Instagram")) == catalogue.find("instagram"));
    // Names from a newer nDPI that 4.2 lacks are reported for `schoolgate check`, not refused.
    const auto unknown = services.names_unknown_to(shared_module());
    BOOST_TEST(unknown == std::vector<std::string>{"FbookReelStory"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(names_match_without_case_application_first_and_first_service_wins) {
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    const auto chat = catalogue.add(service("chat", {"WhatsApp", "Signal"}), conflicts);
    const auto meta = catalogue.add(service("meta", {"whatsapp", "Facebook"}), conflicts);
    const auto web = catalogue.add(service("web", {"TLS"}), conflicts);
    const NdpiServiceMap services{catalogue};
    BOOST_TEST(services.size() == 4u);
    BOOST_TEST(services.service_for_name("WHATSAPP") == chat);
    BOOST_TEST(services.service_for_name("facebook") == meta);
    BOOST_TEST(services.service_for_protocol("TLS.Signal") == chat);   // the application first
    BOOST_TEST(services.service_for_protocol("TLS.Unlisted") == web);  // then the carrier
    BOOST_TEST(services.service_for(reading_of("", "")) == kNoService);
    BOOST_TEST(NdpiServiceMap{}.service_for_name("Facebook") == kNoService);
}

BOOST_AUTO_TEST_SUITE_END()
