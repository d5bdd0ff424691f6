#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers::vpn {

// Registry probes and factories for the tunnelling protocols pupils' VPN apps use. Each probe matches
// the protocol's opening message exactly (lengths, reserved bytes, magic numbers), not just a port.

/// OpenVPN over UDP: P_CONTROL_HARD_RESET_CLIENT_V1/V2/V3 with key id 0 (OpenVPN's ssl_pkt.h), plain,
/// tls-auth or tls-crypt (the opcode and session id stay in the clear in all three).
bool looks_like_openvpn_udp(std::span<const std::uint8_t> bytes) noexcept;
/// OpenVPN over TCP: the same packet behind a 2-byte length (RFC 4571-style framing).
bool looks_like_openvpn_tcp(std::span<const std::uint8_t> bytes) noexcept;
std::unique_ptr<FlowClassifier> create_openvpn_udp();
std::unique_ptr<FlowClassifier> create_openvpn_tcp();

/// WireGuard handshake initiation: type 1, three zero bytes, exactly 148 bytes (the WireGuard paper §5.4.2).
bool looks_like_wireguard(std::span<const std::uint8_t> bytes) noexcept;
std::unique_ptr<FlowClassifier> create_wireguard();

/// IKEv1/IKEv2 on UDP 500, or behind the 4-byte non-ESP marker on 4500 (RFC 7296 §3.1, RFC 3948 §2.2).
bool looks_like_ike(std::span<const std::uint8_t> bytes) noexcept;
std::unique_ptr<FlowClassifier> create_ike();

/// L2TPv2 control message SCCRQ (RFC 2661 §3.1, §4.4.1).
bool looks_like_l2tp(std::span<const std::uint8_t> bytes) noexcept;
std::unique_ptr<FlowClassifier> create_l2tp();

/// PPTP Start-Control-Connection-Request with its magic cookie 0x1A2B3C4D (RFC 2637 §2.1).
bool looks_like_pptp(std::span<const std::uint8_t> bytes) noexcept;
std::unique_ptr<FlowClassifier> create_pptp();

}  // namespace schoolgate::classifiers::vpn
