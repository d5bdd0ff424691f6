#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/net/ip_address.h"
#include "common/result.h"

namespace schoolgate::net {

/// An address block such as 10.20.0.0/16 or 2a03:2880::/32. Host bits are always zero.
class Cidr {
public:
    Cidr(IpAddress network, std::uint8_t prefix_length) noexcept;

    /// Parses "ADDRESS/LEN" or a bare address (a /32 or /128). Host bits set below the prefix are an
    /// error, because "10.20.0.1/16" is almost always a typo for a different block; the message says
    /// which block was probably meant.
    static Result<Cidr, std::string> parse(std::string_view text);

    const IpAddress& network() const noexcept { return network_; }
    std::uint8_t prefix_length() const noexcept { return prefix_length_; }
    bool contains(const IpAddress& address) const noexcept;
    std::string to_string() const;

    friend bool operator==(const Cidr&, const Cidr&) noexcept = default;

private:
    IpAddress network_;
    std::uint8_t prefix_length_;
};

/// Returns `address` with every bit after the first `prefix_length` bits cleared.
IpAddress mask_address(const IpAddress& address, std::uint8_t prefix_length) noexcept;

}  // namespace schoolgate::net
