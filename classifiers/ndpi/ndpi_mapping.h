#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/circumvention/technique.h"
#include "classifiers/ndpi/ndpi_reading.h"
#include "classifiers/services/service_catalogue.h"

namespace schoolgate::classifiers::ndpi {

class NdpiModule;

/// How far we trust nDPI's reading. nDPI is a second opinion: High only for a payload match it did not
/// have to guess (nDPI confidence "dpi", no give-up guess); Medium for its address lists and its
/// same-hosts cache; Low for a guess from the ports alone or at give-up.
Confidence opinion_confidence(const NdpiReading& reading) noexcept;

/// A way round the filter that nDPI's reading stands for.
struct NdpiTechnique {
    Technique technique;
    Confidence confidence;  ///< opinion_confidence(), capped for names nDPI finds by weak means
    std::string evidence;   ///< "nDPI 4.2.0 reads this flow as TLS.Tor (dpi; risks: Unsafe Protocol)"
};

/// The technique nDPI's protocol stands for, looking at the application first, then the carrier:
/// OpenVPN -> vpn.openvpn, WireGuard -> vpn.wireguard, IPsec -> vpn.ipsec, PPTP -> vpn.pptp (GRE alone:
/// Low), Tor -> tor, HTTP_Connect -> proxy.http_connect, HTTP_Proxy (absolute-URI request) ->
/// proxy.http_absolute, SOCKS -> proxy.socks, DNScrypt and AVASTSecureDNS -> dns.dnscrypt, DoH_DoT ->
/// dns.dot on TCP 853, dns.doq on UDP 853/784/8853, else dns.doh; the VPN services nDPI
/// names (CiscoVPN, HotspotShield, FortiClient, TINC, iCloudPrivateRelay, and - once a newer nDPI names
/// them - NordVPN, ProtonVPN, Mullvad, SurfShark, Windscribe, TunnelBear, Psiphon, UltraSurf,
/// CloudflareWarp, Tailscale, Softether, OperaVPN) -> vpn.app. nDPI 4.2 has no L2TP protocol. Names are
/// compared without regard to case (nDPI 4.11 spells IPsec "IPSec"). QUIC is no technique by itself (only
/// towards a listed service: derive_techniques()); OpenVPN over UDP off port 1194 is Low. `server_port` is the flow's
/// server-side port. nullopt when the reading is no way round the filter.
std::optional<NdpiTechnique> technique_for(const NdpiReading& reading, std::uint16_t server_port);

/// The nDPI protocol names technique_for() knows, each once ("OpenVPN", "DoH_DoT", ...), for checks
/// against a module's protocol list.
std::vector<std::string_view> technique_protocol_names();

/// nDPI protocol name -> catalogue service, from the `ndpi:` lists of config/catalogue/services.yaml
/// (ServiceDefinition::ndpi_protocols). Built once per catalogue, alongside it in the policy snapshot;
/// immutable afterwards, so workers share it read-only. A name listed by two services keeps its first.
class NdpiServiceMap {
public:
    NdpiServiceMap() = default;
    explicit NdpiServiceMap(const services::ServiceCatalogue& catalogue);

    /// The service for nDPI's reading, application first ("TLS.Facebook": Facebook, then TLS);
    /// kNoService when neither is listed. Whether to trust it is opinion_confidence()'s question.
    ServiceId service_for(const NdpiReading& reading) const noexcept;
    /// The same for a "master.app" string as nDPI prints it ("TLS.Facebook", "Instagram").
    ServiceId service_for_protocol(std::string_view protocol) const noexcept;
    /// One nDPI protocol name, compared without regard to case.
    ServiceId service_for_name(std::string_view ndpi_name) const noexcept;

    std::size_t size() const noexcept { return names_.size(); }

    /// The catalogue's `ndpi:` names this nDPI does not know (misspelt, or from a newer nDPI such as
    /// 4.11's "FbookReelStory"), for `schoolgate check` to warn about.
    std::vector<std::string> names_unknown_to(const NdpiModule& module) const;

private:
    struct Entry {
        std::string key;       ///< lower case, the sort key
        std::string spelling;  ///< as the catalogue wrote it
        ServiceId service;
    };
    std::vector<Entry> names_;  ///< sorted by key
};

}  // namespace schoolgate::classifiers::ndpi
