#include "classifiers/circumvention/derive_techniques.h"

#include <algorithm>
#include <string>

#include "classifiers/host_name.h"
#include "classifiers/naming/udp_namer.h"

namespace schoolgate::classifiers {

namespace {

constexpr std::uint16_t kDnsOverTlsPort = 853;  // RFC 7858 (DoT), RFC 9250 (DoQ)

bool has_alpn(const Observations& observations, std::string_view protocol) {
    if (!observations.tls) return false;
    const auto& alpn = observations.tls->alpn;
    return std::find(alpn.begin(), alpn.end(), protocol) != alpn.end();
}

bool name_came_from_the_flow(HostSource source) noexcept {
    return source == HostSource::Tls || source == HostSource::Quic || source == HostSource::Http ||
           source == HostSource::HttpConnect || source == HostSource::Socks;
}

void derive_from_shape(Observations& observations) {
    const auto segments = observations.tls ? observations.tls->client_hello_segments : 0;
    const auto records = observations.tls ? observations.tls->client_hello_records : 0;
    if (observations.has_shape(HandshakeShape::FragmentedClientHello)) {
        observations.note_technique(Technique::TlsFragmentedClientHello, Confidence::Medium,
                                    "the ClientHello came in " + std::to_string(segments) +
                                        " TCP segments, some smaller than any real path's MSS");
    }
    if (observations.has_shape(HandshakeShape::RecordSplit)) {
        observations.note_technique(Technique::TlsRecordSplit, Confidence::Medium,
                                    "the ClientHello was split across " + std::to_string(records) + " TLS records");
    }
    if (observations.has_shape(HandshakeShape::OutOfOrder)) {
        // Networks reorder packets on their own, so this alone is weak.
        observations.note_technique(Technique::TcpOutOfOrder, Confidence::Low,
                                    "a later piece of the ClientHello arrived before an earlier one");
    }
}

void derive_encrypted_dns(const FlowFacts& flow, const IndicatorCatalogue& indicators, Observations& observations) {
    const bool tls = observations.classifier == "tls";
    const bool quic = observations.classifier == "quic";
    // A flow only named (a DHCP-shaped first datagram, say) is as unclaimed as one nothing named: a pupil's
    // fake first datagram must not hide a DoQ or DoH flow that no classifier reads.
    const bool unclaimed = observations.classifier.empty() || naming::is_namer_name(observations.classifier);
    const bool on_853 = flow.server_port == kDnsOverTlsPort;
    const bool tcp = flow.transport == Transport::Tcp;
    if ((tls || (unclaimed && tcp)) && (on_853 || has_alpn(observations, "dot"))) {
        // Port 853 is assigned to DNS over TLS; with the hello seen, High, else (joined mid-flow) Medium.
        observations.note_technique(Technique::DnsDot, tls ? Confidence::High : Confidence::Medium,
                                    std::string{tls ? "TLS" : "a TCP connection"} + " to port " +
                                        std::to_string(flow.server_port) +
                                        (has_alpn(observations, "dot") ? " with ALPN dot" : "") +
                                        " (DNS over TLS, RFC 7858)");
    }
    if ((quic || (unclaimed && !tcp)) && (on_853 || has_alpn(observations, "doq"))) {
        observations.note_technique(Technique::DnsDoq, quic ? Confidence::High : Confidence::Medium,
                                    std::string{quic ? "QUIC" : "UDP"} + " to port " + std::to_string(flow.server_port) +
                                        " (DNS over QUIC, RFC 9250)");
    }
    // A public resolver's address on 443 is DoH whatever name the hello carries, or with no hello seen at
    // all: those addresses serve little else.
    if ((tls || quic || unclaimed) && flow.server_port == 443 && !observations.has_technique(Technique::DnsDoh) &&
        indicators.match_address(flow.server_address) == Technique::DnsDoh) {
        observations.note_technique(Technique::DnsDoh, Confidence::Medium,
                                    std::string{tcp ? "HTTPS" : "QUIC"} + " to " + flow.server_address.to_string() +
                                        ":443, a public DNS-over-HTTPS resolver's address");
    }
}

void derive_from_name(const IndicatorCatalogue& indicators, Observations& observations) {
    if (observations.host.empty() || !name_came_from_the_flow(observations.host_source)) return;
    const auto technique = indicators.match_host(observations.host);
    if (!technique) return;
    const std::string listed{indicators.matching_domain(observations.host)};
    switch (*technique) {
        case Technique::TlsEch:
            // Chromium sends GREASE ECH everywhere; only a provider's public outer name shows real ECH.
            if (observations.tls && observations.tls->ech) {
                observations.note_technique(Technique::TlsEch, Confidence::High,
                                            "Encrypted ClientHello with the outer name " + observations.host +
                                                ": the real destination is hidden");
            }
            return;
        case Technique::DnsDoh:
            observations.note_technique(Technique::DnsDoh, Confidence::High,
                                        "a connection to " + observations.host + ", a public DNS-over-HTTPS resolver (" +
                                            listed + ")");
            return;
        default:
            observations.note_technique(*technique, Confidence::High,
                                        observations.host + " is listed as " + std::string{technique_label(*technique)} +
                                            " (" + listed + ")");
            return;
    }
}

void derive_tor(Observations& observations) {
    if (observations.classifier != "tls" || !observations.tls || !observations.tls->alpn.empty()) return;
    if (!looks_like_tor_hostname(observations.host)) return;
    // Browsers and ordinary apps always offer ALPN; a hello without it, to a random base32 name, is
    // Tor's own handshake to a relay.
    observations.note_technique(Technique::Tor, Confidence::Medium,
                                "TLS with the random-looking name " + observations.host +
                                    " and no ALPN, as Tor relays' handshakes look");
}

void derive_service_facts(const FlowFacts& flow, Observations& observations) {
    // A flow decided early by its address (a decoy arrived first) that then says its name was not a bare
    // address connection after all.
    if (!observations.host.empty() && observations.host_source != HostSource::Ip && !is_ip_literal(observations.host)) {
        std::erase_if(observations.techniques, [](const TechniqueSignal& signal) {
            return signal.technique == Technique::IpLiteral;
        });
    }
    if (observations.service == kNoService) return;
    if (observations.classifier == "quic") {
        observations.note_technique(Technique::Quic, Confidence::High,
                                    "QUIC to " + observations.host + ", a listed service (name read from the decrypted Initial)");
    } else if (observations.ndpi_protocol.starts_with("QUIC")) {
        // A QUIC version we do not decrypt (Google's gQUIC), named by nDPI.
        observations.note_technique(Technique::Quic, Confidence::Medium,
                                    "QUIC to a listed service, as nDPI reads it (" + observations.ndpi_protocol + ")");
    }
    // A listed service's own protocols can look random (Meta's apps speak an encrypted protocol of their
    // own on 443): that is the service, not an obfuscation tool.
    if (observations.host_source == HostSource::Ip) {
        std::erase_if(observations.techniques, [](const TechniqueSignal& signal) {
            return signal.technique == Technique::Obfuscated;
        });
    }
    if (observations.host_source == HostSource::Ip || is_ip_literal(observations.host)) {
        observations.note_technique(Technique::IpLiteral, Confidence::Medium,
                                    "a connection to " + flow.server_address.to_string() + ":" +
                                        std::to_string(flow.server_port) +
                                        " by bare address, inside a listed service's published ranges");
    }
}

}  // namespace

bool looks_like_tor_hostname(std::string_view host) noexcept {
    if (!host.starts_with("www.") || !(host.ends_with(".com") || host.ends_with(".net"))) return false;
    const auto middle = host.substr(4, host.size() - 8);
    if (middle.size() < 4 || middle.size() > 25) return false;
    bool has_digit = false;
    for (const char c : middle) {
        const bool base32_letter = c >= 'a' && c <= 'z';
        const bool base32_digit = c >= '2' && c <= '7';
        if (!base32_letter && !base32_digit) return false;
        has_digit = has_digit || base32_digit;
    }
    // A real site's name is a word; a random base32 string of this length almost always holds a digit.
    return has_digit;
}

void derive_techniques(const FlowFacts& flow, const IndicatorCatalogue& indicators, Observations& observations) {
    derive_from_shape(observations);
    derive_encrypted_dns(flow, indicators, observations);
    derive_from_name(indicators, observations);
    derive_tor(observations);
    derive_service_facts(flow, observations);
    if (observations.tls && observations.tls->esni) {
        observations.note_technique(Technique::TlsEch, Confidence::High,
                                    "the draft ESNI extension (0xffce): the real destination is encrypted");
    }
}

}  // namespace schoolgate::classifiers
