#pragma once

#include <cstdint>
#include <span>

namespace schoolgate::classifiers::naming {

/// Spotify's LAN discovery broadcast (UDP 57621): a datagram that starts with the 8 bytes "SpotUdp0", as
/// the desktop client announces itself to others on the same network. Pure.
bool is_spotify_discovery(std::span<const std::uint8_t> datagram) noexcept;

}  // namespace schoolgate::classifiers::naming
