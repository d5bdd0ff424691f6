#include "classifiers/vpn/tunnel_signatures.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "classifiers/vpn/signature_classifier.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::vpn {

namespace {

using Bytes = std::span<const std::uint8_t>;

// --- OpenVPN -------------------------------------------------------------------------------------------
constexpr std::uint8_t kHardResetServerV1 = 2;
constexpr std::uint8_t kHardResetClientV2 = 7;
constexpr std::uint8_t kHardResetServerV2 = 8;
constexpr std::uint8_t kHardResetClientV3 = 10;  // tls-crypt-v2
// opcode + session id + (empty ack array + packet id) is the smallest reset; a tls-crypt-v2 reset carries
// a wrapped client key and stays under a full-size datagram.
constexpr std::size_t kOpenVpnMinReset = 14;
constexpr std::size_t kOpenVpnMaxReset = 1600;

std::uint8_t openvpn_opcode(std::uint8_t first) noexcept { return first >> 3; }
std::uint8_t openvpn_key_id(std::uint8_t first) noexcept { return first & 0x07; }

bool is_client_reset(Bytes packet) noexcept {
    if (packet.size() < kOpenVpnMinReset || packet.size() > kOpenVpnMaxReset) return false;
    const auto opcode = openvpn_opcode(packet[0]);
    if (openvpn_key_id(packet[0]) != 0) return false;
    // V1 (OpenVPN 1.x, before 2005) is left out: its opcode byte, 0x08, is too common a first byte of
    // other protocols' datagrams (an LLMNR query id, say) to be evidence on its own.
    if (opcode != kHardResetClientV2 && opcode != kHardResetClientV3) return false;
    // The session id is random: eight zero bytes would be a constant, not OpenVPN.
    for (std::size_t i = 1; i <= 8; ++i) {
        if (packet[i] != 0) return true;
    }
    return false;
}

bool is_server_reset(Bytes packet) noexcept {
    if (packet.size() < kOpenVpnMinReset) return false;
    const auto opcode = openvpn_opcode(packet[0]);
    return openvpn_key_id(packet[0]) == 0 && (opcode == kHardResetServerV2 || opcode == kHardResetServerV1);
}

std::string_view reset_name(std::uint8_t opcode) noexcept {
    switch (opcode) {
        case kHardResetClientV2: return "P_CONTROL_HARD_RESET_CLIENT_V2";
        default: return "P_CONTROL_HARD_RESET_CLIENT_V3 (tls-crypt-v2)";
    }
}

std::string openvpn_evidence(Bytes packet, std::string_view transport) {
    return "OpenVPN " + std::string{reset_name(openvpn_opcode(packet[0]))} + " over " + std::string{transport} +
           " (" + std::to_string(packet.size()) + " bytes)";
}

// Over TCP each packet follows its 16-bit length.
std::optional<Bytes> first_framed_packet(Bytes stream) noexcept {
    wire::ByteReader reader{stream};
    const auto length = reader.read_u16();
    if (!length) return std::nullopt;
    return reader.read_bytes(*length);
}

std::string openvpn_udp_opening(Bytes bytes) noexcept {
    return is_client_reset(bytes) ? openvpn_evidence(bytes, "UDP") : std::string{};
}
bool openvpn_udp_answer(Bytes, Bytes server) noexcept { return is_server_reset(server); }

std::string openvpn_tcp_opening(Bytes stream) noexcept {
    const auto packet = first_framed_packet(stream);
    return packet && is_client_reset(*packet) ? openvpn_evidence(*packet, "TCP") : std::string{};
}
bool openvpn_tcp_answer(Bytes, Bytes server) noexcept {
    const auto packet = first_framed_packet(server);
    return packet && is_server_reset(*packet);
}

const TunnelSignature kOpenVpnUdp{Technique::VpnOpenVpn, openvpn_udp_opening, openvpn_udp_answer,
                                  "the server answered with P_CONTROL_HARD_RESET_SERVER"};
const TunnelSignature kOpenVpnTcp{Technique::VpnOpenVpn, openvpn_tcp_opening, openvpn_tcp_answer,
                                  "the server answered with P_CONTROL_HARD_RESET_SERVER"};

// --- WireGuard -----------------------------------------------------------------------------------------
constexpr std::size_t kWireGuardInitiationBytes = 148;
constexpr std::size_t kWireGuardResponseBytes = 92;

bool is_wireguard_message(Bytes bytes, std::uint8_t type, std::size_t size) noexcept {
    return bytes.size() == size && bytes[0] == type && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0;
}

// Transport data: type 4, a 16-byte header and a payload padded to 16 bytes plus its 16-byte tag (the
// paper §5.4.6): what a capture that joins a tunnel mid-session sees.
bool is_wireguard_transport(Bytes bytes) noexcept {
    return bytes.size() >= 32 && bytes.size() % 16 == 0 && bytes[0] == 4 && bytes[1] == 0 && bytes[2] == 0 &&
           bytes[3] == 0;
}

std::string wireguard_opening(Bytes bytes) noexcept {
    if (is_wireguard_message(bytes, 1, kWireGuardInitiationBytes)) return "WireGuard handshake initiation (type 1, 148 bytes)";
    if (is_wireguard_transport(bytes)) return "WireGuard transport data (type 4, a tunnel already running)";
    return {};
}
bool wireguard_answer(Bytes client, Bytes server) noexcept {
    if (!client.empty() && client[0] == 4) return is_wireguard_transport(server);
    // The response echoes the initiator's sender index as its receiver index (bytes 8..11).
    return is_wireguard_message(server, 2, kWireGuardResponseBytes) && client.size() >= 8 &&
           std::equal(client.begin() + 4, client.begin() + 8, server.begin() + 8);
}

const TunnelSignature kWireGuard{Technique::VpnWireGuard, wireguard_opening, wireguard_answer,
                                 "the server answered in WireGuard's own message format"};

// --- IKE -----------------------------------------------------------------------------------------------
constexpr std::size_t kIkeHeaderBytes = 28;

struct IkeHeader {
    Bytes initiator_spi;
    Bytes responder_spi;
    std::uint8_t version;
    std::uint8_t exchange;
};

std::optional<IkeHeader> read_ike_header(Bytes bytes) noexcept {
    // On 4500 IKE follows a 4-byte zero "non-ESP marker" (RFC 3948 §2.2).
    if (bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0) {
        bytes = bytes.subspan(4);
    }
    if (bytes.size() < kIkeHeaderBytes) return std::nullopt;
    wire::ByteReader reader{bytes};
    IkeHeader header{*reader.read_bytes(8), *reader.read_bytes(8), 0, 0};
    reader.skip(1);  // next payload
    header.version = *reader.read_u8();
    header.exchange = *reader.read_u8();
    reader.skip(5);  // flags, message id
    const auto length = reader.read_u32();
    if (*length != bytes.size()) return std::nullopt;
    return header;
}

bool all_zero(Bytes bytes) noexcept {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

std::string ike_opening(Bytes bytes) noexcept {
    const auto header = read_ike_header(bytes);
    if (!header || all_zero(header->initiator_spi) || !all_zero(header->responder_spi)) return {};
    if (header->version == 0x20 && header->exchange == 34) return "IKEv2 IKE_SA_INIT from the initiator";
    if (header->version == 0x10 && (header->exchange == 2 || header->exchange == 4)) {
        return header->exchange == 2 ? "IKEv1 main mode from the initiator" : "IKEv1 aggressive mode from the initiator";
    }
    return {};
}
bool ike_answer(Bytes client, Bytes server) noexcept {
    const auto request = read_ike_header(client);
    const auto reply = read_ike_header(server);
    return request && reply && std::equal(request->initiator_spi.begin(), request->initiator_spi.end(),
                                          reply->initiator_spi.begin()) &&
           !all_zero(reply->responder_spi);
}

const TunnelSignature kIke{Technique::VpnIpsec, ike_opening, ike_answer,
                           "the responder answered with the same initiator SPI"};

// --- L2TP ----------------------------------------------------------------------------------------------
constexpr std::uint16_t kL2tpControlFlags = 0xC800;  // T, L and S set
constexpr std::uint16_t kL2tpFlagMask = 0xCB0F;      // T, L, S, O, P bits and the version
constexpr std::uint16_t kL2tpSccrq = 1;
constexpr std::uint16_t kL2tpSccrp = 2;

std::optional<std::uint16_t> l2tp_control_message_type(Bytes bytes) noexcept {
    wire::ByteReader reader{bytes};
    const auto flags = reader.read_u16();
    const auto length = reader.read_u16();
    if (!flags || !length || (*flags & kL2tpFlagMask) != (kL2tpControlFlags | 2) || *length != bytes.size()) {
        return std::nullopt;
    }
    reader.skip(8);  // tunnel id, session id, Ns, Nr
    // The first AVP must be Message Type: mandatory, vendor 0, attribute 0 (RFC 2661 §4.4.1).
    const auto avp_flags_length = reader.read_u16();
    const auto vendor = reader.read_u16();
    const auto attribute = reader.read_u16();
    const auto message_type = reader.read_u16();
    if (!avp_flags_length || !vendor || !attribute || !message_type || (*avp_flags_length & 0x03ff) != 8 || *vendor != 0 || *attribute != 0) return std::nullopt;
    return *message_type;
}

std::string l2tp_opening(Bytes bytes) noexcept {
    return l2tp_control_message_type(bytes) == kL2tpSccrq ? "L2TP Start-Control-Connection-Request (SCCRQ)"
                                                         : std::string{};
}
bool l2tp_answer(Bytes, Bytes server) noexcept { return l2tp_control_message_type(server) == kL2tpSccrp; }

const TunnelSignature kL2tp{Technique::VpnL2tp, l2tp_opening, l2tp_answer, "the server answered with SCCRP"};

// --- PPTP ----------------------------------------------------------------------------------------------
constexpr std::uint32_t kPptpMagicCookie = 0x1A2B3C4D;
constexpr std::uint16_t kPptpStartRequest = 1;
constexpr std::uint16_t kPptpStartReply = 2;

std::optional<std::uint16_t> pptp_control_type(Bytes bytes) noexcept {
    wire::ByteReader reader{bytes};
    reader.skip(2);  // length
    const auto message_type = reader.read_u16();
    const auto cookie = reader.read_u32();
    const auto control_type = reader.read_u16();
    if (!message_type || !cookie || !control_type || *message_type != 1 || *cookie != kPptpMagicCookie) return std::nullopt;
    return *control_type;
}

std::string pptp_opening(Bytes bytes) noexcept {
    return pptp_control_type(bytes) == kPptpStartRequest ? "PPTP Start-Control-Connection-Request (magic 0x1A2B3C4D)"
                                                        : std::string{};
}
bool pptp_answer(Bytes, Bytes server) noexcept { return pptp_control_type(server) == kPptpStartReply; }

const TunnelSignature kPptp{Technique::VpnPptp, pptp_opening, pptp_answer,
                            "the server answered with Start-Control-Connection-Reply"};

}  // namespace

bool looks_like_openvpn_udp(Bytes bytes) noexcept { return is_client_reset(bytes); }
bool looks_like_openvpn_tcp(Bytes bytes) noexcept {
    // Claim on the length and opcode alone: the rest of the packet may still be on its way.
    if (bytes.size() < 3) return false;
    const std::size_t length = (std::size_t{bytes[0]} << 8) | bytes[1];
    const auto opcode = openvpn_opcode(bytes[2]);
    return length >= kOpenVpnMinReset && length <= kOpenVpnMaxReset && openvpn_key_id(bytes[2]) == 0 &&
           (opcode == kHardResetClientV2 || opcode == kHardResetClientV3);
}
std::unique_ptr<FlowClassifier> create_openvpn_udp() { return std::make_unique<SignatureClassifier>(kOpenVpnUdp); }
std::unique_ptr<FlowClassifier> create_openvpn_tcp() { return std::make_unique<SignatureClassifier>(kOpenVpnTcp); }

bool looks_like_wireguard(Bytes bytes) noexcept {
    return is_wireguard_message(bytes, 1, kWireGuardInitiationBytes) || is_wireguard_transport(bytes);
}
std::unique_ptr<FlowClassifier> create_wireguard() { return std::make_unique<SignatureClassifier>(kWireGuard); }

bool looks_like_ike(Bytes bytes) noexcept { return !ike_opening(bytes).empty(); }
std::unique_ptr<FlowClassifier> create_ike() { return std::make_unique<SignatureClassifier>(kIke); }

bool looks_like_l2tp(Bytes bytes) noexcept { return l2tp_control_message_type(bytes) == kL2tpSccrq; }
std::unique_ptr<FlowClassifier> create_l2tp() { return std::make_unique<SignatureClassifier>(kL2tp); }

bool looks_like_pptp(Bytes bytes) noexcept {
    // The cookie sits at bytes 4..7: wait for it rather than claim every flow that starts with two bytes.
    return pptp_control_type(bytes).has_value();
}
std::unique_ptr<FlowClassifier> create_pptp() { return std::make_unique<SignatureClassifier>(kPptp); }

}  // namespace schoolgate::classifiers::vpn
