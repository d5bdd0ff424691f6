#include "classifiers/naming/udp_namer.h"

#include "classifiers/naming/dhcp.h"
#include "classifiers/naming/dropbox_lan_sync.h"
#include "classifiers/naming/netbios.h"
#include "classifiers/naming/spotify_discovery.h"
#include "classifiers/vpn/ipsec_udp.h"

namespace schoolgate::classifiers::naming {

namespace {

using Bytes = std::span<const std::uint8_t>;

template <bool (*Is)(Bytes) noexcept>
bool names_only(Bytes datagram, Observations&) noexcept {
    return Is(datagram);
}

// Protocols nDPI was asked about most on the reference capture (docs/performance.md section 5g-b), where
// its reading is the protocol's name and nothing more. Every content check is exact (lengths, magic
// numbers, encodings), so none needs a port; IPsec's ports are its evidence (nDPI's too). STUN is not
// here: nDPI names the application behind a STUN flow (STUN.WhatsAppCall, STUN.SkypeCall), and the
// catalogue maps such names to services, so its reading of STUN can still decide a flow.
const NamerEntry kNamers[] = {
    // name     nDPI's names           only on port  recognises
    {"dhcp", {"DHCP", {}}, 0, names_only<is_dhcp_message>},
    {"netbios", {"NetBIOS", "SMBv1"}, 0, names_only<is_netbios_message>},
    {"dropbox", {"Dropbox", {}}, 0, names_only<is_dropbox_lan_sync>},
    {"spotify", {"Spotify", {}}, 0, names_only<is_spotify_discovery>},
    {"ipsec", {"IPsec", {}}, 500, vpn::name_ike_port},
    {"ipsec", {"IPsec", {}}, 4500, vpn::name_nat_traversal_port},
};

}  // namespace

std::span<const NamerEntry> namer_table() noexcept { return kNamers; }

bool is_namer_name(std::string_view classifier) noexcept {
    for (const auto& entry : kNamers) {
        if (entry.name == classifier) return true;
    }
    return false;
}

const NamerEntry* name_udp_datagram(std::uint16_t server_port, Bytes datagram, Observations& observations) noexcept {
    for (const auto& entry : kNamers) {
        if (entry.only_port != 0 && entry.only_port != server_port) continue;
        if (entry.name_datagram(datagram, observations)) {
            observations.classifier = entry.name;
            return &entry;
        }
    }
    return nullptr;
}

}  // namespace schoolgate::classifiers::naming
