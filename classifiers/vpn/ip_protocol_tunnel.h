#pragma once

#include <cstdint>

#include "classifiers/observations.h"
#include "common/net/ip_address.h"

namespace schoolgate::classifiers::vpn {

inline constexpr std::uint8_t kIpProtocolGre = 47;  ///< RFC 2784; PPTP's data channel (RFC 2637)
inline constexpr std::uint8_t kIpProtocolEsp = 50;  ///< RFC 4303, IPsec's encrypted payload

/// Notes what an IP protocol number alone says about a flow between `client` and `server`: ESP is only
/// ever IPsec (vpn.ipsec, Medium); GRE also carries routers' own tunnels, so alone it is weak evidence of
/// PPTP (vpn.pptp, Low). Other protocols note nothing. Pure.
void observe_ip_protocol(std::uint8_t ip_protocol, const net::IpAddress& client, const net::IpAddress& server,
                         Observations& observations);

}  // namespace schoolgate::classifiers::vpn
