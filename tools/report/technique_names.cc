#include "tools/report/technique_names.h"

#include <array>
#include <utility>

namespace schoolgate::tools::report {

namespace {

// Headings for a table, so no articles; the engine's own labels (classifiers::technique_label) are
// written for the middle of a sentence.
constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kTitles{{
    {"vpn.openvpn", "OpenVPN VPN"},
    {"vpn.wireguard", "WireGuard VPN"},
    {"vpn.ipsec", "IPsec VPN (IKE, ESP or NAT-T)"},
    {"vpn.l2tp", "L2TP VPN"},
    {"vpn.pptp", "PPTP VPN"},
    {"vpn.app", "VPN app service"},
    {"tor", "Tor"},
    {"proxy.http_connect", "HTTP proxy (CONNECT)"},
    {"proxy.http_absolute", "HTTP proxy (absolute-URI request)"},
    {"proxy.socks", "SOCKS proxy"},
    {"proxy.site", "Web proxy or anonymiser site"},
    {"dns.doh", "DNS over HTTPS"},
    {"dns.dot", "DNS over TLS"},
    {"dns.doq", "DNS over QUIC"},
    {"dns.dnscrypt", "DNSCrypt"},
    {"dns.external_resolver", "DNS to a resolver other than the school's"},
    {"quic", "QUIC to a listed service"},
    {"tls.ech", "Encrypted ClientHello"},
    {"tls.fragmented_client_hello", "ClientHello cut into small segments"},
    {"tls.record_split", "ClientHello split across TLS records"},
    {"tcp.out_of_order", "ClientHello sent out of order"},
    {"tcp.decoy", "Decoy packets that cannot reach the server"},
    {"tcp.overlap", "Copies of the same bytes that differ"},
    {"quic.mixed_names", "QUIC Initials naming different sites on one connection"},
    {"padding", "Flow padded with packets that say nothing"},
    {"ip.fragment_overlap", "IP fragments that overlap"},
    {"domain_fronting", "A name that is not the service at that address"},
    {"ip_literal", "Bare IP address of a listed service"},
    {"dns.tunnel", "DNS tunnel"},
    {"obfuscated", "Fully encrypted stream, no known protocol"},
    {"repeated_attempts", "Repeated blocked attempts"},
}};

}  // namespace

std::string technique_title(std::string_view wire_name) {
    for (const auto& [wire, title] : kTitles) {
        if (wire == wire_name) return std::string{title};
    }
    return std::string{wire_name};
}

bool has_technique_title(std::string_view wire_name) noexcept {
    for (const auto& entry : kTitles) {
        if (entry.first == wire_name) return true;
    }
    return false;
}

}  // namespace schoolgate::tools::report
