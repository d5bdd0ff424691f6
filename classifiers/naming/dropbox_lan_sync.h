#pragma once

#include <cstdint>
#include <span>

namespace schoolgate::classifiers::naming {

/// A Dropbox LAN sync discovery broadcast (UDP 17500): one JSON object with the keys "host_int",
/// "version" and "namespaces", as the desktop client announces itself to others on the same network.
/// Only the shape is checked (the object's braces and the three keys, within a bounded size); the
/// "displayname" it may carry is never read. Pure.
bool is_dropbox_lan_sync(std::span<const std::uint8_t> datagram) noexcept;

}  // namespace schoolgate::classifiers::naming
