#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace schoolgate::test {

/// Bytes from hex text ("0a1b..."), for packets copied from captures into tests.
inline std::vector<std::uint8_t> hex_bytes(std::string_view hex) {
    auto nibble = [](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); };
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
    return out;
}

/// Every proper prefix of `packet`, shortest first.
template <typename Check>
void for_each_prefix(const std::vector<std::uint8_t>& packet, Check check) {
    for (std::size_t size = 0; size < packet.size(); ++size) check(std::span<const std::uint8_t>{packet.data(), size});
}

}  // namespace schoolgate::test
