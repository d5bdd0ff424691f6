// nDPI 4.2 on the third-party captures in ../shared/pcaps/ndpi (nDPI's own test set; README.md there lists
// what Debian's ndpiReader 4.2 prints for each). CI may not have them: the suite is then skipped, saying so.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "classifiers/ndpi/ndpi_mapping.h"
#include "ndpi_test_support.h"

namespace {

using namespace schoolgate::classifiers::ndpi;
using schoolgate::classifiers::confidence_name;
using schoolgate::classifiers::Technique;
using schoolgate::classifiers::technique_name;
using schoolgate::test::Capture;
using schoolgate::test::load_capture;
using schoolgate::test::read_flow;
using schoolgate::test::shared_module;
using schoolgate::test::shared_ndpi_captures;
using schoolgate::test::shipped_catalogue;

boost::test_tools::assertion_result shared_captures_present(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result present{!shared_ndpi_captures().empty()};
    present.message() << "the shared nDPI captures are absent (../shared/pcaps/ndpi, or set SG_NDPI_PCAPS): skipped";
    return present;
}

Capture shared_capture(const std::string& name) { return load_capture(shared_ndpi_captures() + "/" + name); }

struct Found {
    std::size_t flows = 0;  ///< flows nDPI's reading maps to the technique
    std::string best;       ///< their highest confidence
};

Found flows_with(const Capture& capture, std::string_view technique) {
    Found found;
    for (const auto& flow : capture.flows) {
        const auto signal = technique_for(read_flow(shared_module(), flow), flow.server_port);
        if (!signal || technique_name(signal->technique) != technique) continue;
        ++found.flows;
        const std::string name{confidence_name(signal->confidence)};
        if (found.best.empty() || (name == "high") || (name == "medium" && found.best == "low")) found.best = name;
    }
    return found;
}

struct TechniqueCase {
    const char* capture;
    const char* technique;
    std::size_t flows;
    const char* best_confidence;
};

std::ostream& operator<<(std::ostream& out, const TechniqueCase& c) { return out << c.capture; }

// Measured with Debian's libndpi 4.2 (the same flows ndpiReader 4.2 names; README.md).
const TechniqueCase kTechniqueCases[] = {
    {"openvpn.pcap", "vpn.openvpn", 5, "medium"},  // 5 of 9 OpenVPN flows; 2 by port only
    {"443-opvn.pcap", "vpn.openvpn", 1, "medium"},
    {"openvpn-tlscrypt.pcap", "vpn.openvpn", 1, "low"},  // tls-crypt: by port 1194 only
    {"openvpn_nohmac_tcp.pcapng", "vpn.openvpn", 1, "low"},
    {"wireguard.pcap", "vpn.wireguard", 2, "high"},
    {"mullvad_wireguard.pcap", "vpn.wireguard", 1, "high"},
    {"protonvpn.pcap", "vpn.wireguard", 1, "high"},
    {"tor.pcap", "tor", 3, "medium"},  // 3 of 7 Tor TLS flows
    {"ipsec_isakmp_esp.pcap", "vpn.ipsec", 24, "low"},  // 4.2 has no IKE dissector: UDP 500/4500 by port
    {"esp.pcapng", "vpn.ipsec", 2, "high"},             // ESP by its IP protocol number
    {"http_connect.pcap", "proxy.http_connect", 1, "high"},
    {"http-proxy.pcapng", "proxy.http_absolute", 1, "high"},
    {"socks.pcap", "proxy.socks", 3, "medium"},  // the fourth SOCKS flow reads as Cassandra
    {"dns_doh.pcap", "dns.doh", 1, "high"},
    {"dns_dot.pcap", "dns.dot", 1, "high"},
    {"doq.pcapng", "dns.doq", 1, "high"},
    // QUIC (quic-23.pcap, Google's Q046 in quic_q46.pcap) is a transport, not a technique by itself: the
    // engine's quic technique needs a listed service (derive_techniques()).
    {"quic-23.pcap", "quic", 0, ""},
    {"quic_q46.pcap", "quic", 0, ""},
};

// Ways round the filter nDPI 4.2 does not name at all (later versions do, or nobody does).
const char* const kMisses[] = {
    "psiphon3.pcap",     // TLS.Cloudflare
    "ultrasurf.pcap",    // TLS / Unknown
    "windscribe.pcapng", // TLS
    "tailscale.pcap",    // Unknown
    "softether.pcap",    // HTTP / Unknown
    "quic-v2.pcapng",    // QUIC v2 (RFC 9369): Unknown
    "dnscrypt-v2.pcap",  // MDNS
    "doh.pcapng",        // DoH to a bare address: TLS
    "tls_ech.pcapng",    // ECH: plain TLS with the outer SNI (risk "TLS Suspicious Extension")
};

// "Debian 4.2 observed" per capture from README.md, as {protocol: flows}; '=' there means "as 4.11".
std::map<std::string, std::map<std::string, int>> readme_expectations(const std::string& readme) {
    std::map<std::string, std::map<std::string, int>> expected;
    std::ifstream in{readme};
    std::string line;
    const std::regex count{R"((\S+)\((\d+)\))"};
    while (std::getline(in, line)) {
        if (line.rfind("| ", 0) != 0) continue;
        std::vector<std::string> cells;
        std::stringstream row{line.substr(1)};
        std::string cell;
        while (std::getline(row, cell, '|')) cells.push_back(cell);
        if (cells.size() < 7) continue;
        std::string file = cells[0].substr(cells[0].find_first_not_of(' '));
        file = file.substr(0, file.find(' '));
        if (file.find(".pcap") == std::string::npos) continue;
        const auto& column = cells[5].find('=') != std::string::npos ? cells[4] : cells[5];
        for (std::sregex_iterator it{column.begin(), column.end(), count}, end; it != end; ++it) {
            expected[file][(*it)[1]] += std::stoi((*it)[2]);
        }
    }
    return expected;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(NdpiSharedCapturesTest, *boost::unit_test::precondition(shared_captures_present))

BOOST_AUTO_TEST_CASE(facebook_tls_flows_read_as_facebook_and_map_to_the_facebook_service) {
    const auto capture = shared_capture("facebook.pcap");
    BOOST_REQUIRE_EQUAL(capture.flows.size(), 2u);
    const NdpiServiceMap services{shipped_catalogue()};
    std::vector<std::string> names;
    for (const auto& flow : capture.flows) {
        const auto reading = read_flow(shared_module(), flow);
        BOOST_TEST(reading.protocol == "TLS.Facebook");
        BOOST_TEST(ndpi_confidence_name(reading.confidence) == "dpi");
        BOOST_TEST(services.service_for(reading) == shipped_catalogue().find("facebook"));
        names.push_back(reading.server_name);
    }
    std::sort(names.begin(), names.end());
    BOOST_TEST(names == (std::vector<std::string>{"facebook.com", "www.facebook.com"}), boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(circumvention_captures_map_to_their_technique, boost::unit_test::data::make(kTechniqueCases), c) {
    const auto found = flows_with(shared_capture(c.capture), c.technique);
    BOOST_TEST(found.flows == c.flows);
    BOOST_TEST(found.best == c.best_confidence);
}

BOOST_DATA_TEST_CASE(ndpi_4_2_names_no_way_round_the_filter_in, boost::unit_test::data::make(kMisses), capture_name) {
    const auto capture = shared_capture(capture_name);
    for (const auto& flow : capture.flows) {
        const auto reading = read_flow(shared_module(), flow);
        BOOST_TEST(!technique_for(reading, flow.server_port).has_value(), flow.description << ": " << reading.protocol);
    }
}

// The only signals nDPI gives on the benign captures are port guesses and one measured false positive, a
// Telegram call packet read as OpenVPN over UDP off port 1194: all Low, so none makes an event by itself.
BOOST_AUTO_TEST_CASE(benign_captures_give_no_confident_signal) {
    std::vector<std::string> above_low;
    for (const char* name : {"facebook.pcap", "instagram.pcap", "whatsapp.pcap", "youtube_quic.pcap", "reddit.pcap",
                             "signal.pcap", "telegram.pcap", "netflix.pcap", "alexa-app.pcapng", "android.pcap",
                             "iphone.pcap", "443-firefox.pcap", "teams.pcap", "1kxun.pcap", "sites.pcapng"}) {
        for (const auto& flow : shared_capture(name).flows) {
            const auto signal = technique_for(read_flow(shared_module(), flow), flow.server_port);
            if (!signal || confidence_name(signal->confidence) == "low") continue;
            above_low.push_back(std::string{name} + " " + std::string{technique_name(signal->technique)});
        }
    }
    BOOST_TEST(above_low == std::vector<std::string>{}, boost::test_tools::per_element());
}

// Fed from each flow's first packet, the adapter reproduces what Debian's ndpiReader 4.2 prints for every
// capture (README.md's "Debian 4.2 observed" column): same protocols, same flow counts.
BOOST_AUTO_TEST_CASE(every_capture_reads_as_debians_ndpi_reader_4_2_reads_it) {
    const auto readme = shared_ndpi_captures() + "/README.md";
    if (!std::filesystem::exists(readme)) {
        BOOST_TEST_MESSAGE("no README.md beside the captures: nothing to compare with");
        return;
    }
    const auto expected = readme_expectations(readme);
    BOOST_TEST(expected.size() >= 70u);
    for (const auto& [file, protocols] : expected) {
        std::map<std::string, int> ours;
        for (const auto& flow : shared_capture(file).flows) {
            const auto reading = read_flow(shared_module(), flow);
            ++ours[reading.app.empty() ? reading.protocol : reading.app];
        }
        BOOST_TEST((ours == protocols), file);
    }
}

// nDPI's heap per flow while many flows are dissected at once, packets interleaved as on the wire; all of
// it returned when the flows are freed.
BOOST_AUTO_TEST_CASE(bytes_per_flow_while_dissecting_and_nothing_left_after) {
    for (const char* name : {"instagram.pcap", "teams.pcap", "tor.pcap"}) {
        const auto capture = shared_capture(name);
        const auto before = NdpiModule::allocated_bytes();
        std::int64_t peak = 0;
        {
            std::vector<std::unique_ptr<NdpiFlow>> flows;
            for (std::size_t i = 0; i < capture.flows.size(); ++i) flows.push_back(std::make_unique<NdpiFlow>(shared_module()));
            for (const auto& [flow, packet] : capture.order) {
                const auto& p = capture.flows[flow].packets[packet];
                flows[flow]->feed(p.ip, p.time_ms, p.from_client);
                peak = std::max(peak, NdpiModule::allocated_bytes() - before);
            }
            for (auto& flow : flows) flow->giveup();
        }
        BOOST_TEST(NdpiModule::allocated_bytes() == before, name);
        std::cout << name << ": " << capture.flows.size() << " flows held at once, nDPI heap peak " << peak << " B = "
                  << peak / static_cast<std::int64_t>(capture.flows.size()) << " B per flow\n";
    }
}

BOOST_AUTO_TEST_SUITE_END()
