#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace schoolgate::classifiers {

/// Every way around the filter schoolgate names. Wire names are stable once released: they appear in
/// events (`techniques[].name`), policy files (`circumvention:`) and the schema. The family groups
/// techniques for policy ("vpn" means every vpn.*).
#define SG_TECHNIQUE_LIST(X)                                                                       \
    X(VpnOpenVpn, "vpn.openvpn", "vpn", "OpenVPN")                                                 \
    X(VpnWireGuard, "vpn.wireguard", "vpn", "WireGuard")                                           \
    X(VpnIpsec, "vpn.ipsec", "vpn", "IPsec (IKE, ESP or NAT-T)")                                   \
    X(VpnL2tp, "vpn.l2tp", "vpn", "L2TP")                                                          \
    X(VpnPptp, "vpn.pptp", "vpn", "PPTP")                                                          \
    X(VpnApp, "vpn.app", "vpn", "a VPN app's service")                                             \
    X(Tor, "tor", "tor", "Tor")                                                                    \
    X(ProxyHttpConnect, "proxy.http_connect", "proxy", "an HTTP proxy (CONNECT)")                  \
    X(ProxyHttpAbsolute, "proxy.http_absolute", "proxy", "an HTTP proxy (absolute-URI request)")   \
    X(ProxySocks, "proxy.socks", "proxy", "a SOCKS proxy")                                         \
    X(ProxySite, "proxy.site", "proxy", "a web proxy or anonymiser site")                          \
    X(DnsDoh, "dns.doh", "encrypted_dns", "DNS over HTTPS")                                        \
    X(DnsDot, "dns.dot", "encrypted_dns", "DNS over TLS")                                          \
    X(DnsDoq, "dns.doq", "encrypted_dns", "DNS over QUIC")                                         \
    X(DnsDnscrypt, "dns.dnscrypt", "encrypted_dns", "DNSCrypt")                                    \
    X(DnsExternalResolver, "dns.external_resolver", "external_resolver", "DNS to a resolver other than the school's") \
    X(Quic, "quic", "quic", "QUIC")                                                                \
    X(TlsEch, "tls.ech", "ech", "Encrypted ClientHello")                                           \
    X(TlsFragmentedClientHello, "tls.fragmented_client_hello", "handshake_evasion", "a ClientHello cut into small segments") \
    X(TlsRecordSplit, "tls.record_split", "handshake_evasion", "a ClientHello split across TLS records") \
    X(TcpOutOfOrder, "tcp.out_of_order", "handshake_evasion", "a ClientHello sent out of order")   \
    X(TcpDecoy, "tcp.decoy", "handshake_evasion", "a decoy segment the server drops or never receives")  \
    X(TcpOverlap, "tcp.overlap", "handshake_evasion", "copies of the same TCP bytes that differ")  \
    X(QuicMixedNames, "quic.mixed_names", "handshake_evasion", "QUIC Initials naming different hosts on one flow") \
    X(Padding, "padding", "handshake_evasion", "a flow padded with packets that say nothing")   \
    X(IpFragmentOverlap, "ip.fragment_overlap", "handshake_evasion", "IP fragments that overlap") \
    X(DomainFronting, "domain_fronting", "handshake_evasion", "a name that is not the service whose published addresses it went to") \
    X(IpLiteral, "ip_literal", "ip_literal", "a connection by bare IP address to a listed service") \
    X(DnsTunnel, "dns.tunnel", "dns_tunnel", "a DNS tunnel")                                       \
    X(Obfuscated, "obfuscated", "obfuscated", "a fully encrypted stream with no known protocol")   \
    X(RepeatedAttempts, "repeated_attempts", "repeated_attempts", "repeated blocked attempts")

enum class Technique : std::uint8_t {
#define SG_TECHNIQUE_ENUM(name, wire, family, label) name,
    SG_TECHNIQUE_LIST(SG_TECHNIQUE_ENUM)
#undef SG_TECHNIQUE_ENUM
};

inline constexpr std::size_t kTechniqueCount = 0
#define SG_TECHNIQUE_COUNT(name, wire, family, label) +1
    SG_TECHNIQUE_LIST(SG_TECHNIQUE_COUNT)
#undef SG_TECHNIQUE_COUNT
    ;

/// How sure a detector is. High: a protocol's own handshake or a listed name. Medium: a strong heuristic
/// (a resolver's address, a port and shape). Low: statistics (entropy, counts) that benign traffic can match.
enum class Confidence : std::uint8_t { Low, Medium, High };

std::string_view technique_name(Technique technique) noexcept;    ///< "vpn.openvpn"
std::string_view technique_family(Technique technique) noexcept;  ///< "vpn"
std::string_view technique_label(Technique technique) noexcept;   ///< "OpenVPN", for sentences
std::optional<Technique> technique_from_name(std::string_view name) noexcept;
std::string_view confidence_name(Confidence confidence) noexcept;  ///< "low", "medium", "high"

/// One technique seen on a flow, with what showed it. `evidence` is a short sentence built by the detector
/// from facts (opcodes, ports, counts, names already normalised); it is escaped again when written.
struct TechniqueSignal {
    Technique technique;
    Confidence confidence;
    std::string evidence;
};

}  // namespace schoolgate::classifiers
