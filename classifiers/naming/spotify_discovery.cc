#include "classifiers/naming/spotify_discovery.h"

#include <algorithm>
#include <string_view>

namespace schoolgate::classifiers::naming {

bool is_spotify_discovery(std::span<const std::uint8_t> datagram) noexcept {
    constexpr std::string_view kMagic = "SpotUdp0";
    // The magic and at least one byte of the announcement after it.
    return datagram.size() > kMagic.size() && std::equal(kMagic.begin(), kMagic.end(), datagram.begin());
}

}  // namespace schoolgate::classifiers::naming
