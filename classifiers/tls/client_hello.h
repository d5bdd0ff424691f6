#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace schoolgate::classifiers::tls {

inline constexpr std::uint16_t kExtensionServerName = 0x0000;
inline constexpr std::uint16_t kExtensionAlpn = 0x0010;
inline constexpr std::uint16_t kExtensionSupportedVersions = 0x002b;
inline constexpr std::uint16_t kExtensionEncryptedClientHello = 0xfe0d;
inline constexpr std::uint16_t kExtensionEncryptedServerName = 0xffce;

/// The parts of a ClientHello (RFC 8446 §4.1.2) that identify where the client is going. Strings hold the
/// raw wire bytes, unvalidated: the classifier normalises them before anything is logged.
struct ClientHello {
    std::uint16_t legacy_version = 0;
    std::optional<std::string> server_name;  ///< first host_name entry of server_name (RFC 6066 §3)
    std::vector<std::string> alpn;           ///< RFC 7301, at most limits::kMaxAlpnProtocols
    std::vector<std::uint16_t> supported_versions;  ///< RFC 8446 §4.2.1, GREASE (0x?a?a) removed
    bool has_ech = false;
    bool has_esni = false;
    std::uint16_t extension_count = 0;
};

/// True for the RFC 8701 GREASE code points 0x0a0a, 0x1a1a, ... 0xfafa.
constexpr bool is_grease(std::uint16_t value) noexcept {
    return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
}

}  // namespace schoolgate::classifiers::tls
