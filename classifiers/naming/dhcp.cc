#include "classifiers/naming/dhcp.h"

#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::naming {

namespace {

constexpr std::uint8_t kBootRequest = 1;
constexpr std::uint8_t kBootReply = 2;
constexpr std::uint8_t kMaxHardwareAddressBytes = 16;  // chaddr is 16 bytes (RFC 2131 §2)
constexpr std::uint8_t kMaxHops = 16;                  // relays give up past 16 (RFC 1542 §4.1.1)
constexpr std::size_t kFixedPartBytes = 236;           // op .. file
constexpr std::uint32_t kMagicCookie = 0x63825363;     // 99.130.83.99

}  // namespace

bool is_dhcp_message(std::span<const std::uint8_t> datagram) noexcept {
    wire::ByteReader reader{datagram};
    const auto op = reader.read_u8();
    const auto hardware_type = reader.read_u8();
    const auto hardware_length = reader.read_u8();
    const auto hops = reader.read_u8();
    if (!op || !hardware_type || !hardware_length || !hops) return false;
    if ((*op != kBootRequest && *op != kBootReply) || *hardware_length > kMaxHardwareAddressBytes || *hops > kMaxHops) {
        return false;
    }
    if (!reader.skip(kFixedPartBytes - 4)) return false;
    const auto cookie = reader.read_u32();
    return cookie && *cookie == kMagicCookie;
}

}  // namespace schoolgate::classifiers::naming
