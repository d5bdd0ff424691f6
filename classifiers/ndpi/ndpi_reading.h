#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace schoolgate::classifiers::ndpi {

/// How nDPI itself says it reached its reading (nDPI 4.2's ndpi_confidence_t, in the same order).
enum class NdpiConfidence : std::uint8_t {
    Unknown,      ///< nothing named
    MatchByPort,  ///< a guess from the L4 ports alone
    MatchByIp,    ///< a guess from nDPI's address lists (Tor relays, Meta's blocks...)
    DpiCache,     ///< the same answer as an earlier flow between the same hosts
    Dpi,          ///< a dissector matched the payload (a handshake, a header, a host name)
};

/// "unknown", "port", "ip", "dpi_cache", "dpi": stable names for events and tests.
constexpr std::string_view ndpi_confidence_name(NdpiConfidence confidence) noexcept {
    switch (confidence) {
        case NdpiConfidence::MatchByPort: return "port";
        case NdpiConfidence::MatchByIp: return "ip";
        case NdpiConfidence::DpiCache: return "dpi_cache";
        case NdpiConfidence::Dpi: return "dpi";
        case NdpiConfidence::Unknown: break;
    }
    return "unknown";
}

/// What nDPI made of one flow so far. Names are nDPI's own ("TLS.Facebook", "OpenVPN", "Known Proto on
/// Non Std Port") and are safe to log: they come from nDPI's tables, never from the packet. Only
/// `server_name` comes from the wire, and it is normalised (classifiers/host_name.h) or left empty.
/// Mapping names to our services and techniques is ndpi_mapping.h's job.
struct NdpiReading {
    /// nDPI will learn nothing more about this flow: it is sure (and needs no further packet), it gave up,
    /// or the flow's nDPI budget ran out. Feeding more packets changes nothing.
    bool done = false;
    bool known = false;    ///< nDPI named a protocol (master or application)
    /// The name is nDPI's best guess at give-up (by port or address), not something it saw in the payload.
    bool guessed = false;
    std::string protocol;  ///< "TLS.Facebook", "OpenVPN", "Unknown" (ndpi_protocol2name)
    std::uint16_t master_id = 0;  ///< nDPI protocol id of the carrier ("TLS" in TLS.Facebook); 0 if none
    std::uint16_t app_id = 0;     ///< nDPI protocol id of the application ("Facebook"); 0 if none
    std::string master;    ///< "TLS", or empty
    std::string app;       ///< "Facebook", "OpenVPN", or empty
    std::string category;  ///< nDPI's category: "SocialNetwork", "VPN", "Web", "Unspecified"...
    NdpiConfidence confidence = NdpiConfidence::Unknown;
    std::uint8_t ip_protocol = 0;     ///< the flow's transport as nDPI saw it: 6 TCP, 17 UDP, 50 ESP...
    std::vector<std::string> risks;   ///< nDPI's risk names for the flow (its risk bitmap), kept as evidence
    /// The server name nDPI extracted (TLS/QUIC SNI, HTTP Host, DNS query), normalised; empty when there
    /// is none, when it is not valid (see server_name_invalid), or when nDPI's field held a device name
    /// (DHCP, NetBIOS, mDNS) rather than a server's: those are personal data and are never passed on.
    std::string server_name;
    bool server_name_invalid = false;  ///< nDPI had a server name that failed normalisation (not logged)
    std::uint32_t packets = 0;         ///< packets given to nDPI for this flow so far
};

}  // namespace schoolgate::classifiers::ndpi
