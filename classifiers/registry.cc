#include "classifiers/registry.h"

#include <algorithm>

#include "classifiers/dns/dns_classifier.h"
#include "classifiers/http/http_classifier.h"
#include "classifiers/proxy/socks_classifier.h"
#include "classifiers/proxy/socks_request_parser.h"
#include "classifiers/quic/initial_packet_parser.h"
#include "classifiers/quic/quic_classifier.h"
#include "classifiers/tls/handshake_record_parser.h"
#include "classifiers/tls/tls_classifier.h"
#include "classifiers/vpn/tunnel_signatures.h"

namespace schoolgate::classifiers {

namespace {

bool never(std::span<const std::uint8_t>) noexcept { return false; }

// A prefix shorter than 3 bytes can still become a TLS record header: claim it on its first byte.
bool probe_tls(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.size() >= 3) return tls::looks_like_tls_handshake(bytes);
    return !bytes.empty() && bytes.front() == 22;
}

const ClassifierEntry kRegistry[] = {
    // name   tcp    udp    port hints        probe                            create                          probe bytes reads server
    {"dns", true, true, {53, 0, 0, 0}, never, dns::DnsClassifier::create, 0, true, Maturity::Stable, false},
    // QUIC: a long header with the fixed bit and a readable version (v1, v2, draft-29); UDP/443 alone is not
    // enough, other protocols use it too.
    {"quic", false, true, {0, 0, 0, 0}, quic::looks_like_quic_long_header, quic::QuicClassifier::create, 5, false,
     Maturity::Experimental, true},
    {"tls", true, false, {0, 0, 0, 0}, probe_tls, tls::TlsClassifier::create, 3, false, Maturity::Stable, false},
    {"http", true, false, {0, 0, 0, 0}, http::looks_like_http_request, http::HttpClassifier::create, 8, false,
     Maturity::Stable, false},
    // Tunnels and proxies: each probe matches the protocol's opening message exactly (lengths, reserved
    // bytes, magic numbers), so none needs a port, and none can claim a TLS or HTTP flow (checked above).
    {"socks", true, false, {0, 0, 0, 0}, proxy::looks_like_socks, proxy::SocksClassifier::create, 9, false,
     Maturity::Experimental, false},
    {"openvpn", true, false, {0, 0, 0, 0}, vpn::looks_like_openvpn_tcp, vpn::create_openvpn_tcp, 3, true,
     Maturity::Experimental, false},
    {"pptp", true, false, {0, 0, 0, 0}, vpn::looks_like_pptp, vpn::create_pptp, 10, true, Maturity::Experimental, false},
    {"openvpn", false, true, {0, 0, 0, 0}, vpn::looks_like_openvpn_udp, vpn::create_openvpn_udp, 0, false,
     Maturity::Experimental, false},
    {"wireguard", false, true, {0, 0, 0, 0}, vpn::looks_like_wireguard, vpn::create_wireguard, 0, false,
     Maturity::Experimental, true},
    {"ike", false, true, {0, 0, 0, 0}, vpn::looks_like_ike, vpn::create_ike, 0, false, Maturity::Experimental, true},
    {"l2tp", false, true, {0, 0, 0, 0}, vpn::looks_like_l2tp, vpn::create_l2tp, 0, false, Maturity::Experimental, true},
};

bool transport_matches(const ClassifierEntry& entry, Transport transport) noexcept {
    return transport == Transport::Tcp ? entry.over_tcp : entry.over_udp;
}

}  // namespace

std::span<const ClassifierEntry> classifier_registry() noexcept { return kRegistry; }

const ClassifierEntry* select_classifier(const ProbeInput& input) noexcept {
    for (const auto& entry : kRegistry) {
        const bool port_hit = std::find(entry.port_hints.begin(), entry.port_hints.end(), input.server_port) !=
                              entry.port_hints.end();
        if (transport_matches(entry, input.transport) && input.server_port != 0 && port_hit) return &entry;
    }
    for (const auto& entry : kRegistry) {
        if (input.later_datagram && !entry.probes_later_datagrams) continue;
        if (transport_matches(entry, input.transport) && entry.probe(input.client_bytes)) return &entry;
    }
    return nullptr;
}

}  // namespace schoolgate::classifiers
