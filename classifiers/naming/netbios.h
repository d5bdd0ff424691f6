#pragma once

#include <cstdint>
#include <span>

namespace schoolgate::classifiers::naming {

/// A NetBIOS name service packet (UDP 137, RFC 1002 §4.2.1): a known opcode, at least one question or
/// record, and a first name in NetBIOS's first-level encoding (length 32, the letters A-P, RFC 1001
/// §14.1). Or a NetBIOS datagram service packet (UDP 138, RFC 1002 §4.4): a known message type, flags
/// with the reserved bits clear, and for a datagram its length exactly what follows the header and its
/// source name in that encoding. Pure; the names themselves (a device's, personal data) are never kept.
bool is_netbios_message(std::span<const std::uint8_t> datagram) noexcept;

}  // namespace schoolgate::classifiers::naming
