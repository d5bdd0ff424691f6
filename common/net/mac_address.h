#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace schoolgate::net {

/// An IEEE 802 MAC-48 address.
class MacAddress {
public:
    constexpr MacAddress() noexcept = default;
    constexpr explicit MacAddress(const std::array<std::uint8_t, 6>& bytes) noexcept : bytes_(bytes) {}

    /// Accepts "02:00:5e:10:00:01", "02-00-5E-10-00-01" or "0200.5e10.0001"; std::nullopt otherwise.
    static std::optional<MacAddress> parse(std::string_view text);

    const std::array<std::uint8_t, 6>& bytes() const noexcept { return bytes_; }
    /// Byte by byte: std::array's == is a call to memcmp here, and the engine asks for every frame.
    constexpr bool is_zero() const noexcept {
        return (bytes_[0] | bytes_[1] | bytes_[2] | bytes_[3] | bytes_[4] | bytes_[5]) == 0;
    }
    /// Lower-case, colon-separated.
    std::string to_string() const;

    friend bool operator==(const MacAddress&, const MacAddress&) noexcept = default;
    friend auto operator<=>(const MacAddress&, const MacAddress&) noexcept = default;

private:
    std::array<std::uint8_t, 6> bytes_{};
};

}  // namespace schoolgate::net
