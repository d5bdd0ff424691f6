#include "classifiers/proxy/socks_request_parser.h"

#include "common/net/ip_address.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::proxy {

namespace {

using Bytes = std::span<const std::uint8_t>;
using wire::ByteReader;

constexpr std::size_t kMaxSocks5Methods = 16;
constexpr std::size_t kMaxSocks4FieldBytes = 255;  // user id or host name, up to its NUL

// Reads a NUL-terminated field; NeedMore when the NUL has not arrived, NotSocks when it is too long.
SocksParse read_c_string(ByteReader& reader, std::string* out) noexcept {
    const auto rest = reader.rest();
    for (std::size_t i = 0; i < rest.size() && i <= kMaxSocks4FieldBytes; ++i) {
        if (rest[i] != 0) continue;
        if (out) out->assign(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(i));
        reader.skip(i + 1);
        return SocksParse::Parsed;
    }
    return rest.size() > kMaxSocks4FieldBytes ? SocksParse::NotSocks : SocksParse::NeedMore;
}

SocksParse parse_socks4(ByteReader reader, SocksRequest& request) noexcept {
    reader.skip(1);
    const auto command = reader.read_u8();
    const auto port = reader.read_u16();
    const auto address = reader.read_bytes(4);
    if (!command || !port || !address) return SocksParse::NeedMore;
    if (*command != 1 && *command != 2) return SocksParse::NotSocks;
    if (const auto user = read_c_string(reader, nullptr); user != SocksParse::Parsed) return user;
    request.version = 4;
    request.command = *command;
    request.port = *port;
    // 0.0.0.x with x != 0: a SOCKS4a request, the host name follows the user id.
    const auto& a = *address;
    if (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] != 0) {
        request.socks4a = true;
        request.target_is_name = true;
        return read_c_string(reader, &request.target);
    }
    request.target = net::IpAddress::from_network_bytes(a)->to_string();
    return SocksParse::Parsed;
}

SocksParse parse_socks5(ByteReader reader, SocksRequest& request) noexcept {
    reader.skip(1);
    const auto method_count = reader.read_u8();
    if (!method_count) return SocksParse::NeedMore;
    if (*method_count == 0 || *method_count > kMaxSocks5Methods) return SocksParse::NotSocks;
    if (!reader.skip(*method_count)) return SocksParse::NeedMore;
    auto version = reader.peek_u8();
    if (!version) return SocksParse::NeedMore;
    if (*version == 1) {  // RFC 1929 username/password: skipped, never read into memory we keep
        reader.skip(1);
        const auto user_length = reader.read_u8();
        if (!user_length || !reader.skip(*user_length)) return SocksParse::NeedMore;
        const auto password_length = reader.read_u8();
        if (!password_length || !reader.skip(*password_length)) return SocksParse::NeedMore;
        version = reader.peek_u8();
        if (!version) return SocksParse::NeedMore;
    }
    if (*version != 5) return SocksParse::NotSocks;
    reader.skip(1);
    const auto command = reader.read_u8();
    const auto reserved = reader.read_u8();
    const auto address_type = reader.read_u8();
    if (!command || !reserved || !address_type) return SocksParse::NeedMore;
    if (*command < 1 || *command > 3 || *reserved != 0) return SocksParse::NotSocks;
    request.version = 5;
    request.command = *command;
    switch (*address_type) {
        case 1:
        case 4: {
            const auto address = reader.read_bytes(*address_type == 1 ? 4 : 16);
            if (!address) return SocksParse::NeedMore;
            request.target = net::IpAddress::from_network_bytes(*address)->to_string();
            break;
        }
        case 3: {
            const auto length = reader.read_u8();
            if (!length) return SocksParse::NeedMore;
            const auto name = reader.read_bytes(*length);
            if (!name) return SocksParse::NeedMore;
            request.target.assign(name->begin(), name->end());
            request.target_is_name = true;
            break;
        }
        default: return SocksParse::NotSocks;
    }
    const auto port = reader.read_u16();
    if (!port) return SocksParse::NeedMore;
    request.port = *port;
    return SocksParse::Parsed;
}

}  // namespace

SocksParse parse_socks_request(Bytes client_stream, SocksRequest& request) noexcept {
    if (client_stream.empty()) return SocksParse::NeedMore;
    if (client_stream[0] == 4) return parse_socks4(ByteReader{client_stream}, request);
    if (client_stream[0] == 5) return parse_socks5(ByteReader{client_stream}, request);
    return SocksParse::NotSocks;
}

bool looks_like_socks(Bytes bytes) noexcept {
    if (bytes.size() < 3) return false;
    if (bytes[0] == 4) return bytes.size() >= 9 && (bytes[1] == 1 || bytes[1] == 2);
    if (bytes[0] != 5 || bytes[1] == 0 || bytes[1] > kMaxSocks5Methods) return false;
    // Methods: 0 none, 1 GSSAPI, 2 username/password, 3-0x7f IANA, 0x80-0xfe private; 0xff is "no acceptable".
    const std::size_t listed = std::min<std::size_t>(bytes[1], bytes.size() - 2);
    for (std::size_t i = 0; i < listed; ++i) {
        if (bytes[2 + i] == 0xff) return false;
    }
    return bytes.size() == 2u + bytes[1] || (bytes.size() > 2u + bytes[1] && bytes[2u + bytes[1]] <= 5);
}

}  // namespace schoolgate::classifiers::proxy
