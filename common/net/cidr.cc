#include "common/net/cidr.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace schoolgate::net {

IpAddress mask_address(const IpAddress& address, std::uint8_t prefix_length) noexcept {
    std::array<std::uint8_t, 16> bytes{};
    const auto source = address.bytes();
    std::copy(source.begin(), source.end(), bytes.begin());
    const std::size_t total_bits = source.size() * 8;
    for (std::size_t bit = prefix_length; bit < total_bits; ++bit) {
        bytes[bit / 8] = static_cast<std::uint8_t>(bytes[bit / 8] & ~(0x80u >> (bit % 8)));
    }
    // from_network_bytes cannot fail here: the length is the source's own 4 or 16.
    return *IpAddress::from_network_bytes(std::span{bytes}.first(source.size()));
}

Cidr::Cidr(IpAddress network, std::uint8_t prefix_length) noexcept
    : network_(mask_address(network, prefix_length)), prefix_length_(prefix_length) {}

Result<Cidr, std::string> Cidr::parse(std::string_view text) {
    using R = Result<Cidr, std::string>;
    const auto slash = text.find('/');
    const std::string_view address_text = text.substr(0, slash);
    const auto address = IpAddress::parse(address_text);
    if (!address) {
        return R::failure("'" + std::string{address_text} + "' is not an IPv4 or IPv6 address");
    }
    const unsigned max_length = address->is_v4() ? 32 : 128;
    unsigned length = max_length;
    if (slash != std::string_view::npos) {
        const std::string_view length_text = text.substr(slash + 1);
        const auto [end, ec] =
            std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
        if (ec != std::errc{} || end != length_text.data() + length_text.size() || length > max_length) {
            return R::failure("prefix length '" + std::string{length_text} + "' must be 0.." +
                              std::to_string(max_length));
        }
    }
    const Cidr cidr{*address, static_cast<std::uint8_t>(length)};
    if (cidr.network() != *address) {
        return R::failure("'" + std::string{text} + "' has host bits set (did you mean " + cidr.to_string() +
                          "?)");
    }
    return R::success(cidr);
}

bool Cidr::contains(const IpAddress& address) const noexcept {
    return address.family() == network_.family() && mask_address(address, prefix_length_) == network_;
}

std::string Cidr::to_string() const { return network_.to_string() + "/" + std::to_string(prefix_length_); }

}  // namespace schoolgate::net
