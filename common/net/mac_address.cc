#include "common/net/mac_address.h"

#include <cstdio>

namespace schoolgate::net {

namespace {
int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
    std::array<std::uint8_t, 6> bytes{};
    std::size_t nibbles = 0;
    char separator = 0;
    for (char c : text) {
        const int value = hex_value(c);
        if (value < 0) {
            // One separator style throughout: ':' or '-' between bytes, or '.' between groups of four digits.
            if (c != ':' && c != '-' && c != '.') return std::nullopt;
            if (separator != 0 && c != separator) return std::nullopt;
            separator = c;
            const std::size_t group = c == '.' ? 4 : 2;
            if (nibbles == 0 || nibbles % group != 0) return std::nullopt;
            continue;
        }
        if (nibbles >= 12) return std::nullopt;
        bytes[nibbles / 2] = static_cast<std::uint8_t>((bytes[nibbles / 2] << 4) | value);
        ++nibbles;
    }
    if (nibbles != 12) return std::nullopt;
    return MacAddress{bytes};
}

std::string MacAddress::to_string() const {
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", bytes_[0], bytes_[1], bytes_[2], bytes_[3],
                  bytes_[4], bytes_[5]);
    return text;
}

}  // namespace schoolgate::net
