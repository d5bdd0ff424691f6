#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "classifiers/observations.h"

namespace schoolgate::classifiers::vpn {

/// What a datagram on IPsec's own UDP ports is (RFC 3948 §2, RFC 7296 §2.23).
enum class IpsecDatagram : std::uint8_t {
    None,       ///< none of the below
    Ike,        ///< an IKE message (any exchange, either side): a header whose length is the datagram's
    Esp,        ///< on 4500: ESP inside UDP, an SPI of at least 256 (1-255 are reserved, RFC 4303 §2.1)
    Keepalive,  ///< on 4500: the one-byte 0xFF NAT-keepalive (RFC 3948 §2.3)
};

/// A datagram to UDP 500: an IKEv1 or IKEv2 message. Pure.
IpsecDatagram read_ike_port_datagram(std::span<const std::uint8_t> datagram) noexcept;
/// A datagram to UDP 4500: IKE behind the 4-byte zero non-ESP marker, ESP, or a NAT-keepalive. Pure.
IpsecDatagram read_nat_traversal_datagram(std::span<const std::uint8_t> datagram) noexcept;

/// Namers (classifiers/naming/udp_namer.h) for the two ports: a datagram that reads as IPsec notes
/// vpn.ipsec at Low confidence. Low is what nDPI 4.2's reading of these flows gave (it names UDP 500 and
/// 4500 by port alone), so a school's block and report thresholds treat them exactly as before; the
/// IKE_SA_INIT that opens a tunnel is the `ike` classifier's (Medium, High once the responder answers).
bool name_ike_port(std::span<const std::uint8_t> datagram, Observations& observations) noexcept;
bool name_nat_traversal_port(std::span<const std::uint8_t> datagram, Observations& observations) noexcept;

}  // namespace schoolgate::classifiers::vpn
