#pragma once

#include <cstdint>
#include <string_view>

#include "classifiers/circumvention/indicator_catalogue.h"
#include "classifiers/flow_classifier.h"
#include "classifiers/observations.h"
#include "common/net/ip_address.h"

namespace schoolgate::classifiers {

/// What the flow table knows about a flow that the classifiers do not.
struct FlowFacts {
    Transport transport;
    std::uint16_t server_port;
    const net::IpAddress& server_address;
};

/// Techniques that follow from facts already gathered, once the flow's name and service are known: the
/// handshake's shape, DNS over TLS or QUIC by port and ALPN, DNS over HTTPS by resolver name or address,
/// proxy sites and VPN apps by name, real ECH by its public outer name, Tor's random-looking SNI, QUIC to
/// a listed service, and a listed service reached by bare address. Pure: the same facts always give the
/// same techniques. Called only through gateway::policy::assess_flow(), which the engine, `explain` and the
/// console share.
void derive_techniques(const FlowFacts& flow, const IndicatorCatalogue& indicators, Observations& observations);

/// Tor's TLS names its relays "www.<random>.com|net" (tor's crypto_random_hostname): a few to two dozen
/// base32 characters between a fixed prefix and suffix (4-25 seen across Tor versions in real captures).
bool looks_like_tor_hostname(std::string_view host) noexcept;

}  // namespace schoolgate::classifiers
