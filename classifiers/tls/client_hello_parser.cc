#include "classifiers/tls/client_hello_parser.h"

#include "classifiers/limits.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::tls {

namespace {

using wire::ByteReader;
using Result = ParseResult<ClientHello>;

std::string to_string(std::span<const std::uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

// RFC 6066 §3: ServerNameList is u16-prefixed; each entry is a type byte and a u16-prefixed name. Only
// host_name (0) is defined; we keep the first one, as servers do.
bool parse_server_name(ByteReader extension, ClientHello& hello) {
    auto list = extension.read_u16_prefixed();
    if (!list || !extension.empty()) return false;
    while (!list->empty()) {
        const auto name_type = list->read_u8();
        auto name = list->read_u16_prefixed();
        if (!name_type || !name) return false;
        if (*name_type == 0 && !hello.server_name) hello.server_name = to_string(name->read_rest());
    }
    return true;
}

// RFC 7301 §3.1: ProtocolNameList, u16-prefixed list of u8-prefixed non-empty names.
bool parse_alpn(ByteReader extension, ClientHello& hello) {
    auto list = extension.read_u16_prefixed();
    if (!list || !extension.empty()) return false;
    while (!list->empty()) {
        auto protocol = list->read_u8_prefixed();
        if (!protocol || protocol->empty()) return false;
        if (hello.alpn.size() < limits::kMaxAlpnProtocols) hello.alpn.push_back(to_string(protocol->read_rest()));
    }
    return true;
}

// RFC 8446 §4.2.1: in a ClientHello, a u8-prefixed list of u16 versions.
bool parse_supported_versions(ByteReader extension, ClientHello& hello) {
    auto list = extension.read_u8_prefixed();
    if (!list || !extension.empty() || list->remaining() % 2 != 0) return false;
    while (!list->empty()) {
        const auto version = list->read_u16();
        if (!version) return false;
        if (!is_grease(*version) && hello.supported_versions.size() < limits::kMaxSupportedVersions) {
            hello.supported_versions.push_back(*version);
        }
    }
    return true;
}

std::optional<Anomaly> parse_extensions(ByteReader extensions, ClientHello& hello) {
    while (!extensions.empty()) {
        const auto type = extensions.read_u16();
        auto body = extensions.read_u16_prefixed();
        if (!type || !body) return Anomaly::TlsClientHelloTruncated;
        if (++hello.extension_count > limits::kMaxTlsExtensions) return Anomaly::TlsTooManyExtensions;
        bool well_formed = true;
        switch (*type) {
            case kExtensionServerName: well_formed = parse_server_name(*body, hello); break;
            case kExtensionAlpn: well_formed = parse_alpn(*body, hello); break;
            case kExtensionSupportedVersions: well_formed = parse_supported_versions(*body, hello); break;
            case kExtensionEncryptedClientHello: hello.has_ech = true; break;
            case kExtensionEncryptedServerName: hello.has_esni = true; break;
            default: break;
        }
        if (!well_formed) return Anomaly::TlsClientHelloMalformed;
    }
    return std::nullopt;
}

}  // namespace

ParseResult<ClientHello> parse_client_hello(std::span<const std::uint8_t> body) noexcept {
    // Allocation failure inside (strings, vectors) terminates through noexcept: fatal by design (R8).
    ByteReader reader{body};
    ClientHello hello;
    const auto legacy_version = reader.read_u16();
    const auto random = reader.read_bytes(32);
    const auto session_id = reader.read_u8_prefixed();
    const auto cipher_suites = reader.read_u16_prefixed();
    const auto compression_methods = reader.read_u8_prefixed();
    if (!legacy_version || !random || !session_id || !cipher_suites || !compression_methods) {
        return Result::malformed(Anomaly::TlsClientHelloTruncated);
    }
    if (session_id->remaining() > 32 || cipher_suites->remaining() % 2 != 0 || compression_methods->empty()) {
        return Result::malformed(Anomaly::TlsClientHelloMalformed);
    }
    hello.legacy_version = *legacy_version;
    // RFC 5246 §7.4.1.2: a hello without extensions ends here (SSLv3-era clients).
    if (reader.empty()) return Result::ok(std::move(hello));

    auto extensions = reader.read_u16_prefixed();
    if (!extensions) return Result::malformed(Anomaly::TlsClientHelloTruncated);
    if (!reader.empty()) return Result::malformed(Anomaly::TlsClientHelloMalformed);
    if (const auto anomaly = parse_extensions(*extensions, hello)) return Result::malformed(*anomaly);
    return Result::ok(std::move(hello));
}

}  // namespace schoolgate::classifiers::tls
