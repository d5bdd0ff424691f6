#include "classifiers/vpn/ip_protocol_tunnel.h"

#include <string>

namespace schoolgate::classifiers::vpn {

void observe_ip_protocol(std::uint8_t ip_protocol, const net::IpAddress& client, const net::IpAddress& server,
                         Observations& observations) {
    if (ip_protocol != kIpProtocolEsp && ip_protocol != kIpProtocolGre) return;
    const bool esp = ip_protocol == kIpProtocolEsp;
    observations.note_technique(esp ? Technique::VpnIpsec : Technique::VpnPptp,
                                esp ? Confidence::Medium : Confidence::Low,
                                std::string{esp ? "ESP packets (IP protocol 50)" : "GRE packets (IP protocol 47)"} +
                                    " from " + client.to_string() + " to " + server.to_string());
}

}  // namespace schoolgate::classifiers::vpn
