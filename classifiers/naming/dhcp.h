#pragma once

#include <cstdint>
#include <span>

namespace schoolgate::classifiers::naming {

/// A DHCP (or BOOTP) message, RFC 2131 §2 / RFC 951: op BOOTREQUEST or BOOTREPLY, a hardware address of at
/// most 16 bytes, at most 16 relay hops, the 236-byte fixed part and the magic cookie 99.130.83.99 right
/// after it (RFC 2131 §3). Pure; looks at nothing past the cookie, so a device's name in the options is
/// never read.
bool is_dhcp_message(std::span<const std::uint8_t> datagram) noexcept;

}  // namespace schoolgate::classifiers::naming
