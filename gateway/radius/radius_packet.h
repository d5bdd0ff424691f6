#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/ip_address.h"
#include "common/net/mac_address.h"

namespace schoolgate::gateway::radius {

inline constexpr std::size_t kMinPacketBytes = 20;    ///< RFC 2865 section 3
inline constexpr std::size_t kMaxPacketBytes = 4096;
inline constexpr std::uint8_t kAccountingRequest = 4;
inline constexpr std::uint8_t kAccountingResponse = 5;
inline constexpr std::size_t kMaxAddressesPerSession = 8;

enum class StatusType : std::uint8_t { Start, Stop, InterimUpdate, Other };

/// Why a datagram is not an Accounting-Request we can use; each is counted (radius.* in stats).
enum class RadiusError : std::uint8_t {
    TooShort,         ///< under 20 bytes, or shorter than its Length field
    BadLength,        ///< Length under 20 or over 4096
    NotAccounting,    ///< a code other than Accounting-Request
    BadAttribute,     ///< an attribute whose length is under 2 or runs past the packet
    BadValue,         ///< Acct-Status-Type or an address of the wrong size
    NoStatusType,     ///< no Acct-Status-Type (RFC 2866 requires it)
};
std::string_view radius_error_name(RadiusError error) noexcept;

/// The attributes of an Accounting-Request that say who holds which address (RFC 2866, RFC 6911).
struct AccountingRequest {
    std::uint8_t identifier = 0;
    std::array<std::uint8_t, 16> authenticator{};
    StatusType status = StatusType::Other;
    std::string user;                        ///< User-Name, as sent (bytes outside printable ASCII refused)
    std::vector<net::IpAddress> addresses;   ///< Framed-IP-Address, Framed-IPv6-Address
    std::optional<net::MacAddress> mac;      ///< Calling-Station-Id when it is a MAC
    std::span<const std::uint8_t> packet;    ///< the whole packet (Length bytes), for the authenticator
};

struct ParsedRequest {
    std::optional<AccountingRequest> request;
    RadiusError error = RadiusError::TooShort;  ///< when !request
};

/// Reads one datagram. Pure and total over its bytes: bounds-checked (wire::ByteReader), no allocation
/// beyond the request's small fields, no clock. Bytes past Length are ignored (RFC 2865: padding).
ParsedRequest parse_accounting_request(std::span<const std::uint8_t> datagram) noexcept;

/// RFC 2866 section 3: the Request Authenticator is MD5(Code + Identifier + Length + 16 zero octets +
/// attributes + shared secret). Compared in constant time.
bool request_authenticator_ok(const AccountingRequest& request, std::string_view secret) noexcept;

/// The Accounting-Response for a request: no attributes, its Response Authenticator MD5(Code + Identifier
/// + Length + Request Authenticator + secret).
std::array<std::uint8_t, 20> accounting_response(const AccountingRequest& request, std::string_view secret) noexcept;

/// Builds an Accounting-Request with a correct authenticator (tests, fuzz seeds, the benchmark).
std::vector<std::uint8_t> make_accounting_request(std::uint8_t identifier, StatusType status, std::string_view user,
                                                  const std::vector<net::IpAddress>& addresses,
                                                  std::string_view calling_station, std::string_view secret);

}  // namespace schoolgate::gateway::radius
