#include "classifiers/circumvention/derive_techniques.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

using namespace schoolgate::classifiers;
using schoolgate::net::Cidr;
using schoolgate::net::IpAddress;

IndicatorCatalogue indicators() {
    IndicatorCatalogue catalogue;
    catalogue.add_domain("dns.google", Technique::DnsDoh);
    catalogue.add_domain("cloudflare-dns.com", Technique::DnsDoh);
    catalogue.add_range(Cidr::parse("1.1.1.1/32").value(), Technique::DnsDoh);
    catalogue.add_domain("hidester.com", Technique::ProxySite);
    catalogue.add_domain("nordvpn.com", Technique::VpnApp);
    catalogue.add_domain("cloudflare-ech.com", Technique::TlsEch);
    return catalogue;
}

Observations tls_flow(std::string host, std::vector<std::string> alpn = {"h2", "http/1.1"}, bool ech = false) {
    Observations o;
    o.set_host(std::move(host), HostSource::Tls, "tls");
    TlsFacts facts;
    facts.alpn = std::move(alpn);
    facts.ech = ech;
    o.tls = facts;
    return o;
}

std::vector<std::string> names(const Observations& o) {
    std::vector<std::string> out;
    for (const auto& t : o.techniques) out.emplace_back(technique_name(t.technique));
    return out;
}

std::vector<std::string> derive(Observations o, std::uint16_t port = 443, const char* server = "203.0.113.10",
                                Transport transport = Transport::Tcp) {
    const auto address = *IpAddress::parse(server);
    derive_techniques({transport, port, address}, indicators(), o);
    return names(o);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(DeriveTechniquesTest)

BOOST_AUTO_TEST_CASE(ordinary_https_has_no_technique) {
    BOOST_TEST(derive(tls_flow("www.bbc.co.uk")).empty());
    // GREASE ECH (Chromium sends it everywhere) is not ECH.
    BOOST_TEST(derive(tls_flow("www.bbc.co.uk", {"h2"}, true)).empty());
}

BOOST_AUTO_TEST_CASE(encrypted_dns_by_port_name_and_address) {
    BOOST_TEST(derive(tls_flow("dns.example.net"), 853) == std::vector<std::string>{"dns.dot"});
    BOOST_TEST(derive(tls_flow("dns.google")) == std::vector<std::string>{"dns.doh"});
    BOOST_TEST(derive(tls_flow("one.example"), 443, "1.1.1.1") == std::vector<std::string>{"dns.doh"});
    Observations quic;
    quic.set_host("dns.adguard.example", HostSource::Quic, "quic");
    BOOST_TEST(derive(quic, 853, "203.0.113.5", Transport::Udp) == std::vector<std::string>{"dns.doq"});
}

// A flow our namers named (classifiers/naming/) is still unclaimed: a fake DHCP-shaped first datagram does not
// hide UDP to 853, or to a public resolver's address on 443, that no classifier reads.
BOOST_AUTO_TEST_CASE(a_named_flow_is_still_unclaimed_for_encrypted_dns) {
    Observations named;
    named.classifier = "dhcp";
    BOOST_TEST(derive(named, 853, "203.0.113.5", Transport::Udp) == std::vector<std::string>{"dns.doq"});
    BOOST_TEST(derive(named, 443, "1.1.1.1", Transport::Udp) == std::vector<std::string>{"dns.doh"});
    Observations claimed;
    claimed.classifier = "wireguard";
    BOOST_TEST(derive(claimed, 853, "203.0.113.5", Transport::Udp).empty());
}

BOOST_AUTO_TEST_CASE(listed_sites_real_ech_and_tor_names) {
    BOOST_TEST(derive(tls_flow("www.hidester.com")) == std::vector<std::string>{"proxy.site"});
    BOOST_TEST(derive(tls_flow("api.nordvpn.com")) == std::vector<std::string>{"vpn.app"});
    BOOST_TEST(derive(tls_flow("cloudflare-ech.com", {"h2"}, true)) == std::vector<std::string>{"tls.ech"});
    BOOST_TEST(derive(tls_flow("www.k3nfq7xw2ab.com", {})) == std::vector<std::string>{"tor"});
    BOOST_TEST(derive(tls_flow("www.k3nfq7xw2ab.com")).empty());  // a browser's hello has ALPN
    BOOST_TEST(!looks_like_tor_hostname("www.wikipedia.com"));    // a word, no digit
    BOOST_TEST(!looks_like_tor_hostname("www.ab2.com"));           // too short
    BOOST_TEST(looks_like_tor_hostname("www.t3i3ru.com"));          // seen in a real Tor capture
    BOOST_TEST(looks_like_tor_hostname("www.q4cyamnc6mtokjurvdclt.com"));
}

BOOST_AUTO_TEST_CASE(names_from_dns_lookups_are_not_connections) {
    Observations lookup;
    lookup.set_host("dns.google", HostSource::Dns, "dns");
    BOOST_TEST(derive(lookup, 53).empty());
}

BOOST_AUTO_TEST_CASE(shapes_quic_and_bare_addresses) {
    auto split = tls_flow("www.instagram.com");
    split.note_shape(HandshakeShape::FragmentedClientHello);
    split.note_shape(HandshakeShape::RecordSplit);
    split.note_shape(HandshakeShape::OutOfOrder);
    BOOST_TEST(derive(split) ==
               (std::vector<std::string>{"tls.fragmented_client_hello", "tls.record_split", "tcp.out_of_order"}));

    Observations quic;
    quic.set_host("www.instagram.com", HostSource::Quic, "quic");
    quic.service = 2;
    BOOST_TEST(derive(quic, 443, "203.0.113.10", Transport::Udp) == std::vector<std::string>{"quic"});
    quic.service = kNoService;
    BOOST_TEST(derive(quic, 443, "203.0.113.10", Transport::Udp).empty());

    // Google's QUIC, which only nDPI reads: the same rule, a listed service or nothing.
    Observations gquic;
    gquic.set_host("www.facebook.com", HostSource::Ndpi, "");
    gquic.ndpi_protocol = "QUIC.Facebook";
    BOOST_TEST(derive(gquic, 443, "203.0.113.10", Transport::Udp).empty());
    gquic.service = 1;
    BOOST_TEST(derive(gquic, 443, "203.0.113.10", Transport::Udp) == std::vector<std::string>{"quic"});

    Observations bare;
    bare.host_source = HostSource::Ip;
    bare.service = 1;
    BOOST_TEST(derive(bare, 443, "157.240.1.35") == std::vector<std::string>{"ip_literal"});
}

BOOST_AUTO_TEST_CASE(a_technique_seen_twice_keeps_the_surer_signal) {
    Observations o;
    o.note_technique(Technique::VpnOpenVpn, Confidence::Medium, "opening");
    o.note_technique(Technique::VpnOpenVpn, Confidence::High, "answered");
    o.note_technique(Technique::VpnOpenVpn, Confidence::Low, "weaker");
    BOOST_REQUIRE(o.techniques.size() == 1u);
    BOOST_TEST(o.techniques[0].evidence == "answered");
}

BOOST_AUTO_TEST_CASE(technique_names_round_trip) {
    for (std::size_t i = 0; i < kTechniqueCount; ++i) {
        const auto technique = static_cast<Technique>(i);
        const auto round_trip = technique_from_name(technique_name(technique));
        BOOST_TEST((round_trip && *round_trip == technique));
        BOOST_TEST(!technique_family(technique).empty());
        BOOST_TEST(!technique_label(technique).empty());
    }
    BOOST_TEST(!technique_from_name("vpn").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
