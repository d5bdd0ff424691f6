#include "classifiers/ndpi/ndpi_mapping.h"

#include <algorithm>
#include <array>

#include "classifiers/ndpi/ndpi_module.h"

namespace schoolgate::classifiers::ndpi {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower_copy(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// Both sides folded: lexicographical_compare asks comp(a, b) and comp(b, a), so folding only the query
// made "telegram" sort after "Twitter" and sent the search for any name past the first with its letter
// astray (found by the bigger catalogue of issue 16: TLS.Twitter came out as no service).
bool less_ignoring_case(std::string_view stored, std::string_view query) noexcept {
    return std::lexicographical_compare(stored.begin(), stored.end(), query.begin(), query.end(),
                                        [](char x, char y) { return lower(x) < lower(y); });
}

struct Row {
    std::string_view ndpi_name;
    Technique technique;
    Confidence cap;  ///< the most we trust nDPI's way of finding this name
};

// nDPI protocol names (ndpi_get_proto_name) that are ways round a filter. The caps say how nDPI 4.2 finds
// them (src/lib/protocols/*.c at tag 4.2): High for a handshake or header of the protocol itself;
// Medium for heuristics - OpenVPN over UDP from one packet's length and first byte (it named a Telegram
// call's packet in nDPI's own telegram.pcap), Tor from relay addresses and random-looking SNIs, SOCKS
// from a few version bytes (it read a SOCKS flow of socks.pcap as Cassandra) - and for the VPN services
// it knows by host names and address lists; Low for GRE, which carries routers' tunnels as well as PPTP's.
// QUIC is not here: it is a transport, and a way round the filter only towards a listed service, which
// derive_techniques() decides once the service is known (from our own QUIC classifier or nDPI's name).
constexpr std::array kRows{
    Row{"OpenVPN", Technique::VpnOpenVpn, Confidence::Medium},
    Row{"WireGuard", Technique::VpnWireGuard, Confidence::High},
    Row{"IPsec", Technique::VpnIpsec, Confidence::High},
    Row{"L2TP", Technique::VpnL2tp, Confidence::High},  // not in 4.2; named by later versions
    Row{"PPTP", Technique::VpnPptp, Confidence::High},
    Row{"GRE", Technique::VpnPptp, Confidence::Low},
    Row{"Tor", Technique::Tor, Confidence::Medium},
    Row{"HTTP_Connect", Technique::ProxyHttpConnect, Confidence::High},
    Row{"HTTP_Proxy", Technique::ProxyHttpAbsolute, Confidence::High},  // 4.2: a request line "GET http://..."
    Row{"SOCKS", Technique::ProxySocks, Confidence::Medium},
    Row{"DNScrypt", Technique::DnsDnscrypt, Confidence::High},
    Row{"AVASTSecureDNS", Technique::DnsDnscrypt, Confidence::Medium},  // Avast's DNSCrypt-based resolver
    Row{"DoH_DoT", Technique::DnsDoh, Confidence::High},  // the transport and port pick DoT or DoQ below
    // VPN services: 4.2 knows these ...
    Row{"CiscoVPN", Technique::VpnApp, Confidence::Medium},
    Row{"HotspotShield", Technique::VpnApp, Confidence::Medium},
    Row{"FortiClient", Technique::VpnApp, Confidence::Medium},
    Row{"TINC", Technique::VpnApp, Confidence::Medium},
    Row{"iCloudPrivateRelay", Technique::VpnApp, Confidence::Medium},
    // ... and later versions (4.4 - 4.11) add these: no protocol id at all in 4.2.
    Row{"NordVPN", Technique::VpnApp, Confidence::Medium},
    Row{"ProtonVPN", Technique::VpnApp, Confidence::Medium},
    Row{"Mullvad", Technique::VpnApp, Confidence::Medium},
    Row{"SurfShark", Technique::VpnApp, Confidence::Medium},
    Row{"Windscribe", Technique::VpnApp, Confidence::Medium},
    Row{"TunnelBear", Technique::VpnApp, Confidence::Medium},
    Row{"Psiphon", Technique::VpnApp, Confidence::Medium},
    Row{"UltraSurf", Technique::VpnApp, Confidence::Medium},
    Row{"CloudflareWarp", Technique::VpnApp, Confidence::Medium},
    Row{"Tailscale", Technique::VpnApp, Confidence::Medium},
    Row{"Softether", Technique::VpnApp, Confidence::Medium},
    Row{"OperaVPN", Technique::VpnApp, Confidence::Medium},
};

constexpr std::uint8_t kIpProtocolUdp = 17;
constexpr std::uint16_t kOpenVpnPort = 1194;

// nDPI 4.2 reads OpenVPN over UDP from one packet's length and first byte, on any port: off 1194 that is
// how a Telegram call's media packet came out as OpenVPN (nDPI's own telegram.pcap). Our own OpenVPN
// detector checks the packet's structure; nDPI's word alone there is only a hint.
Confidence cap_for(const Row& row, const NdpiReading& reading, std::uint16_t server_port) noexcept {
    if (row.technique == Technique::VpnOpenVpn && reading.ip_protocol == kIpProtocolUdp && server_port != kOpenVpnPort) {
        return Confidence::Low;
    }
    return row.cap;
}

// RFC 9250 §4.1.1: DoQ uses UDP 853; 784 and 8853 were used by early implementations (AdGuard).
bool is_doq_port(std::uint16_t port) noexcept { return port == 853 || port == 784 || port == 8853; }

Technique refine_encrypted_dns(const NdpiReading& reading, std::uint16_t server_port) noexcept {
    // nDPI 4.2 calls DoH, DoT and DoQ all "DoH_DoT".
    const bool over_udp = reading.ip_protocol == kIpProtocolUdp || equal_ignoring_case(reading.master, "QUIC");
    if (over_udp) return is_doq_port(server_port) ? Technique::DnsDoq : Technique::DnsDoh;
    return server_port == 853 ? Technique::DnsDot : Technique::DnsDoh;
}

std::string evidence_for(const NdpiReading& reading) {
    std::string evidence = "nDPI " + NdpiModule::version() + " reads this flow as " + reading.protocol + " (" +
                           std::string{ndpi_confidence_name(reading.confidence)};
    if (reading.guessed) evidence += ", guessed";
    constexpr std::size_t kMaxRisksInEvidence = 4;  // the full list is in the reading's risks
    for (std::size_t i = 0; i < reading.risks.size() && i < kMaxRisksInEvidence; ++i) {
        evidence += i == 0 ? "; risks: " : ", ";
        evidence += reading.risks[i];
    }
    if (reading.risks.size() > kMaxRisksInEvidence) {
        evidence += " and " + std::to_string(reading.risks.size() - kMaxRisksInEvidence) + " more";
    }
    evidence += ")";
    return evidence;
}

}  // namespace

Confidence opinion_confidence(const NdpiReading& reading) noexcept {
    if (!reading.known || reading.guessed) return Confidence::Low;
    switch (reading.confidence) {
        case NdpiConfidence::Dpi: return Confidence::High;
        case NdpiConfidence::DpiCache:
        case NdpiConfidence::MatchByIp: return Confidence::Medium;
        case NdpiConfidence::MatchByPort:
        case NdpiConfidence::Unknown: break;
    }
    return Confidence::Low;
}

std::optional<NdpiTechnique> technique_for(const NdpiReading& reading, std::uint16_t server_port) {
    if (!reading.known) return std::nullopt;
    for (const auto* name : {&reading.app, &reading.master}) {
        if (name->empty()) continue;
        const auto row = std::find_if(kRows.begin(), kRows.end(),
                                      [&](const Row& r) { return equal_ignoring_case(r.ndpi_name, *name); });
        if (row == kRows.end()) continue;
        const auto technique =
            row->technique == Technique::DnsDoh ? refine_encrypted_dns(reading, server_port) : row->technique;
        const auto confidence = std::min(opinion_confidence(reading), cap_for(*row, reading, server_port));
        return NdpiTechnique{technique, confidence, evidence_for(reading)};
    }
    return std::nullopt;
}

std::vector<std::string_view> technique_protocol_names() {
    std::vector<std::string_view> names;
    names.reserve(kRows.size());
    for (const auto& row : kRows) names.push_back(row.ndpi_name);
    return names;
}

NdpiServiceMap::NdpiServiceMap(const services::ServiceCatalogue& catalogue) {
    for (std::size_t index = 1; index <= catalogue.size(); ++index) {
        const auto id = static_cast<ServiceId>(index);
        const auto* definition = catalogue.definition(id);
        if (!definition) continue;
        for (const auto& name : definition->ndpi_protocols) names_.push_back(Entry{lower_copy(name), name, id});
    }
    // Stable: of two services listing the same name, the first in the catalogue keeps it.
    std::stable_sort(names_.begin(), names_.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
    names_.erase(std::unique(names_.begin(), names_.end(), [](const Entry& a, const Entry& b) { return a.key == b.key; }),
                 names_.end());
}

ServiceId NdpiServiceMap::service_for_name(std::string_view ndpi_name) const noexcept {
    if (ndpi_name.empty()) return kNoService;
    const auto it = std::lower_bound(names_.begin(), names_.end(), ndpi_name,
                                     [](const Entry& entry, std::string_view query) { return less_ignoring_case(entry.key, query); });
    return it != names_.end() && equal_ignoring_case(it->key, ndpi_name) ? it->service : kNoService;
}

ServiceId NdpiServiceMap::service_for(const NdpiReading& reading) const noexcept {
    if (!reading.known) return kNoService;
    if (const auto app = service_for_name(reading.app); app != kNoService) return app;
    return service_for_name(reading.master);
}

ServiceId NdpiServiceMap::service_for_protocol(std::string_view protocol) const noexcept {
    const auto dot = protocol.find('.');
    const auto app = dot == std::string_view::npos ? protocol : protocol.substr(dot + 1);
    const auto master = dot == std::string_view::npos ? std::string_view{} : protocol.substr(0, dot);
    if (const auto service = service_for_name(app); service != kNoService) return service;
    return service_for_name(master);
}

std::vector<std::string> NdpiServiceMap::names_unknown_to(const NdpiModule& module) const {
    std::vector<std::string> unknown;
    for (const auto& entry : names_) {
        if (!module.protocol_id(entry.spelling)) unknown.push_back(entry.spelling);
    }
    return unknown;
}

}  // namespace schoolgate::classifiers::ndpi
