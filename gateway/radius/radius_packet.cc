#include "gateway/radius/radius_packet.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

#include "common/wire/byte_reader.h"

namespace schoolgate::gateway::radius {

namespace {

constexpr std::uint8_t kUserName = 1;
constexpr std::uint8_t kFramedIpAddress = 8;
constexpr std::uint8_t kCallingStationId = 31;
constexpr std::uint8_t kAcctStatusType = 40;
constexpr std::uint8_t kFramedIpv6Address = 168;  // RFC 6911

ParsedRequest failed(RadiusError error) noexcept { return {std::nullopt, error}; }

bool printable(std::span<const std::uint8_t> bytes) noexcept {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b >= 0x20 && b < 0x7f; });
}

std::string text_of(std::span<const std::uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

// One attribute's value into the request; false when its value has the wrong size.
bool read_attribute(std::uint8_t type, std::span<const std::uint8_t> value, AccountingRequest& request, bool& has_status) {
    switch (type) {
        case kUserName:
            if (!printable(value)) return false;
            request.user = text_of(value);
            return true;
        case kFramedIpAddress:
        case kFramedIpv6Address: {
            if (value.size() != (type == kFramedIpAddress ? 4u : 16u)) return false;
            const auto ip = net::IpAddress::from_network_bytes(value);
            if (ip && request.addresses.size() < kMaxAddressesPerSession) request.addresses.push_back(*ip);
            return true;
        }
        case kCallingStationId:
            if (printable(value)) request.mac = net::MacAddress::parse(text_of(value));
            return true;
        case kAcctStatusType: {
            wire::ByteReader reader{value};
            const auto status = reader.read_u32();
            if (!status || !reader.empty()) return false;
            has_status = true;
            request.status = *status == 1 ? StatusType::Start : *status == 2 ? StatusType::Stop
                             : *status == 3 ? StatusType::InterimUpdate : StatusType::Other;
            return true;
        }
        default: return true;
    }
}

void md5(std::initializer_list<std::span<const std::uint8_t>> parts, std::array<std::uint8_t, 16>& out) noexcept {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    unsigned length = 0;
    const bool ok = context != nullptr && EVP_DigestInit_ex(context, EVP_md5(), nullptr) == 1 &&
                    std::all_of(parts.begin(), parts.end(), [&](auto part) {
                        return EVP_DigestUpdate(context, part.data(), part.size()) == 1;
                    }) &&
                    EVP_DigestFinal_ex(context, out.data(), &length) == 1;
    if (!ok) out.fill(0);  // an all-zero digest matches no real authenticator
    EVP_MD_CTX_free(context);
}

std::span<const std::uint8_t> bytes_of(std::string_view text) noexcept {
    // char and unsigned char may alias each other.
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::string_view radius_error_name(RadiusError error) noexcept {
    switch (error) {
        case RadiusError::TooShort: return "radius.too_short";
        case RadiusError::BadLength: return "radius.bad_length";
        case RadiusError::NotAccounting: return "radius.not_accounting";
        case RadiusError::BadAttribute: return "radius.bad_attribute";
        case RadiusError::BadValue: return "radius.bad_value";
        case RadiusError::NoStatusType: return "radius.no_status_type";
    }
    return "radius.too_short";
}

ParsedRequest parse_accounting_request(std::span<const std::uint8_t> datagram) noexcept {
    wire::ByteReader header{datagram};
    const auto code = header.read_u8();
    const auto identifier = header.read_u8();
    const auto length = header.read_u16();
    const auto authenticator = header.read_bytes(16);
    if (!code || !identifier || !length || !authenticator) return failed(RadiusError::TooShort);
    if (*length < kMinPacketBytes || *length > kMaxPacketBytes) return failed(RadiusError::BadLength);
    if (datagram.size() < *length) return failed(RadiusError::TooShort);
    if (*code != kAccountingRequest) return failed(RadiusError::NotAccounting);
    AccountingRequest request;
    request.identifier = *identifier;
    std::copy(authenticator->begin(), authenticator->end(), request.authenticator.begin());
    request.packet = datagram.first(*length);
    wire::ByteReader attributes{request.packet.subspan(kMinPacketBytes)};
    bool has_status = false;
    while (!attributes.empty()) {
        const auto type = attributes.read_u8();
        const auto size = attributes.read_u8();
        if (!type || !size || *size < 2) return failed(RadiusError::BadAttribute);
        const auto value = attributes.read_bytes(*size - 2u);
        if (!value) return failed(RadiusError::BadAttribute);
        if (!read_attribute(*type, *value, request, has_status)) return failed(RadiusError::BadValue);
    }
    if (!has_status) return failed(RadiusError::NoStatusType);
    return {std::move(request), RadiusError::TooShort};
}

bool request_authenticator_ok(const AccountingRequest& request, std::string_view secret) noexcept {
    if (request.packet.size() < kMinPacketBytes) return false;
    static constexpr std::array<std::uint8_t, 16> kZeros{};
    std::array<std::uint8_t, 16> expected{};
    md5({request.packet.first(4), kZeros, request.packet.subspan(kMinPacketBytes), bytes_of(secret)}, expected);
    return CRYPTO_memcmp(expected.data(), request.authenticator.data(), expected.size()) == 0;
}

std::array<std::uint8_t, 20> accounting_response(const AccountingRequest& request, std::string_view secret) noexcept {
    std::array<std::uint8_t, 20> response{kAccountingResponse, request.identifier, 0, 20};
    std::array<std::uint8_t, 16> digest{};
    md5({std::span<const std::uint8_t>{response}.first(4), request.authenticator, bytes_of(secret)}, digest);
    std::copy(digest.begin(), digest.end(), response.begin() + 4);
    return response;
}

std::vector<std::uint8_t> make_accounting_request(std::uint8_t identifier, StatusType status, std::string_view user,
                                                  const std::vector<net::IpAddress>& addresses,
                                                  std::string_view calling_station, std::string_view secret) {
    std::vector<std::uint8_t> packet(kMinPacketBytes, 0);
    packet[0] = kAccountingRequest;
    packet[1] = identifier;
    auto attribute = [&](std::uint8_t type, std::span<const std::uint8_t> value) {
        packet.push_back(type);
        packet.push_back(static_cast<std::uint8_t>(value.size() + 2));
        packet.insert(packet.end(), value.begin(), value.end());
    };
    const std::uint8_t code = status == StatusType::Start ? 1 : status == StatusType::Stop ? 2 : status == StatusType::InterimUpdate ? 3 : 7;
    const std::array<std::uint8_t, 4> status_value{0, 0, 0, code};
    attribute(kAcctStatusType, status_value);
    if (!user.empty()) attribute(kUserName, bytes_of(user));
    for (const auto& address : addresses) {
        attribute(address.is_v4() ? kFramedIpAddress : kFramedIpv6Address, address.bytes());
    }
    if (!calling_station.empty()) attribute(kCallingStationId, bytes_of(calling_station));
    packet[2] = static_cast<std::uint8_t>(packet.size() >> 8);
    packet[3] = static_cast<std::uint8_t>(packet.size() & 0xff);
    static constexpr std::array<std::uint8_t, 16> kZeros{};
    std::array<std::uint8_t, 16> digest{};
    md5({std::span<const std::uint8_t>{packet}.first(4), kZeros, std::span<const std::uint8_t>{packet}.subspan(kMinPacketBytes),
         bytes_of(secret)},
        digest);
    std::copy(digest.begin(), digest.end(), packet.begin() + 4);
    return packet;
}

}  // namespace schoolgate::gateway::radius
