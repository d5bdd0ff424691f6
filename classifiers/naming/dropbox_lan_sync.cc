#include "classifiers/naming/dropbox_lan_sync.h"

#include <algorithm>
#include <string_view>

namespace schoolgate::classifiers::naming {

namespace {

// A discovery message lists the account's shared folders (namespaces): a few hundred bytes, a few
// kilobytes for a big team; anything bigger than a datagram's usual size is not one.
constexpr std::size_t kMaxMessageBytes = 8192;

bool contains(std::span<const std::uint8_t> text, std::string_view needle) noexcept {
    return std::search(text.begin(), text.end(), needle.begin(), needle.end()) != text.end();
}

}  // namespace

bool is_dropbox_lan_sync(std::span<const std::uint8_t> datagram) noexcept {
    if (datagram.size() > kMaxMessageBytes) return false;
    auto text = datagram;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text = text.first(text.size() - 1);
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') return false;
    return contains(datagram, "\"host_int\":") && contains(datagram, "\"version\":") &&
           contains(datagram, "\"namespaces\":");
}

}  // namespace schoolgate::classifiers::naming
