#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "classifiers/observations.h"

namespace schoolgate::classifiers::naming {

/// A protocol we recognise by its datagram and name, but do not read further: DHCP, NetBIOS, Dropbox's
/// and Spotify's LAN discovery, IPsec on UDP 500 and 4500. Naming a flow is enough for nDPI not to be asked
/// about it (it would only have named the same protocol), but unlike a registry classifier a namer does
/// not claim the flow: its later client datagrams are still probed by the registry's exact probes (junk or
/// a fake first datagram is an evasion, classifiers/limits.h kMaxUnrecognisedDatagrams), and a classifier
/// that claims one of them renames the flow. One row per protocol in the table of classifiers/naming/udp_namer.cc.
struct NamerEntry {
    /// The `classifier` a named flow's events carry: nDPI's own protocol name in lower case ("dhcp" for
    /// nDPI's "DHCP"), so the name means what nDPI's did.
    std::string_view name;
    /// The names nDPI 4.2 gives the protocol ("NetBIOS", and "SMBv1" for a NetBIOS datagram carrying
    /// SMB). nDPI is still asked about a named flow when the catalogue maps one of them to a service
    /// (classifiers/ndpi/ndpi_gate.h): then its reading could still decide the flow.
    std::array<std::string_view, 2> ndpi_names;
    /// The server port the datagram must be on, 0 for any: only IPsec's port guess needs one (UDP 500 and
    /// 4500 are IPsec's by assignment; nDPI 4.2 names them by port alone).
    std::uint16_t only_port;
    /// Pure and bounds-checked: true when `datagram` is the protocol. May note what it saw in
    /// `observations` (IPsec notes vpn.ipsec, as nDPI's reading did).
    bool (*name_datagram)(std::span<const std::uint8_t> datagram, Observations& observations) noexcept;
};

/// The namers, in the order they are asked.
std::span<const NamerEntry> namer_table() noexcept;

/// True when `classifier` (Observations::classifier) is a namer's name: the flow was named, not claimed.
bool is_namer_name(std::string_view classifier) noexcept;

/// Asks each namer about one client datagram of a flow no registry classifier claimed: the first that
/// recognises it names the flow (observations.classifier) and is returned; nullptr when none does.
const NamerEntry* name_udp_datagram(std::uint16_t server_port, std::span<const std::uint8_t> datagram,
                                    Observations& observations) noexcept;

}  // namespace schoolgate::classifiers::naming
