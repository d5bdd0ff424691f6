#include "classifiers/vpn/ipsec_udp.h"

#include <algorithm>
#include <string>

#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::vpn {

namespace {

constexpr std::size_t kIkeHeaderBytes = 28;     // RFC 7296 §3.1
constexpr std::size_t kNonEspMarkerBytes = 4;   // RFC 3948 §2.2
constexpr std::uint32_t kMinEspSpi = 256;       // RFC 4303 §2.1: 1-255 reserved, 0 local use
constexpr std::size_t kMinEspBytes = 12;        // SPI, sequence number, and at least padding length and next header
constexpr std::uint8_t kNatKeepalive = 0xFF;    // RFC 3948 §2.3

// An IKE header: two SPIs (the initiator's never zero), a major version of 1 (IKEv1) or 2 (IKEv2), and a
// length that is exactly the message's.
bool is_ike_message(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.size() < kIkeHeaderBytes) return false;
    wire::ByteReader reader{bytes};
    const auto initiator_spi = reader.read_bytes(8);
    reader.skip(9);  // responder SPI, next payload
    const auto version = reader.read_u8();
    reader.skip(6);  // exchange type, flags, message id
    const auto length = reader.read_u32();
    if (!initiator_spi || !version || !length) return false;
    const bool zero_spi = std::all_of(initiator_spi->begin(), initiator_spi->end(), [](std::uint8_t b) { return b == 0; });
    const unsigned major = *version >> 4;
    return !zero_spi && (major == 1 || major == 2) && *length == bytes.size();
}

bool note(IpsecDatagram kind, std::string_view port, Observations& observations) {
    std::string evidence;
    switch (kind) {
        case IpsecDatagram::Ike: evidence = "an IKE message on UDP " + std::string{port}; break;
        case IpsecDatagram::Esp: evidence = "ESP inside UDP on port 4500 (RFC 3948 NAT traversal)"; break;
        case IpsecDatagram::Keepalive: evidence = "an IPsec NAT-keepalive on UDP 4500 (RFC 3948 §2.3)"; break;
        case IpsecDatagram::None: return false;
    }
    if (kind == IpsecDatagram::Ike && port == "4500") evidence += " behind the non-ESP marker (RFC 3948 NAT traversal)";
    observations.note_technique(Technique::VpnIpsec, Confidence::Low, std::move(evidence));
    return true;
}

}  // namespace

IpsecDatagram read_ike_port_datagram(std::span<const std::uint8_t> datagram) noexcept {
    return is_ike_message(datagram) ? IpsecDatagram::Ike : IpsecDatagram::None;
}

IpsecDatagram read_nat_traversal_datagram(std::span<const std::uint8_t> datagram) noexcept {
    if (datagram.size() == 1 && datagram.front() == kNatKeepalive) return IpsecDatagram::Keepalive;
    wire::ByteReader reader{datagram};
    const auto first_word = reader.read_u32();
    if (!first_word) return IpsecDatagram::None;
    if (*first_word == 0) {
        return is_ike_message(datagram.subspan(kNonEspMarkerBytes)) ? IpsecDatagram::Ike : IpsecDatagram::None;
    }
    return *first_word >= kMinEspSpi && datagram.size() >= kMinEspBytes ? IpsecDatagram::Esp : IpsecDatagram::None;
}

bool name_ike_port(std::span<const std::uint8_t> datagram, Observations& observations) noexcept {
    return note(read_ike_port_datagram(datagram), "500", observations);
}

bool name_nat_traversal_port(std::span<const std::uint8_t> datagram, Observations& observations) noexcept {
    return note(read_nat_traversal_datagram(datagram), "4500", observations);
}

}  // namespace schoolgate::classifiers::vpn
