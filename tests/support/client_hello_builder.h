#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace schoolgate::test {

/// Builds TLS 1.3-style ClientHello messages (RFC 8446 §4.1.2) for tests, the way a browser lays them out:
/// legacy_version 0x0303, a 32-byte random, a 32-byte legacy session id, GREASE-led cipher suites, null
/// compression, then the extensions in the order they were added. Every length field is computed unless a
/// test overrides it through raw_extension() / the field setters, so malformed hellos are one call away.
///
/// Outputs:
///   body()          the handshake message body (what parse_client_hello() takes);
///   handshake()     the body behind its 4-byte handshake header (type 1, u24 length);
///   record_bytes()  the handshake message in one TLS record (what a client writes to the socket);
///   records(n)      the handshake message split into n TLS records of near-equal size.
/// Static helpers cut any byte string into TCP segments at given offsets or at a fixed segment size.
/// Std-only and header-only, so every module's tests can use it.
class ClientHelloBuilder {
public:
    using Bytes = std::vector<std::uint8_t>;

    static constexpr std::uint8_t kContentTypeHandshake = 0x16;
    static constexpr std::uint8_t kHandshakeTypeClientHello = 0x01;
    static constexpr std::size_t kRecordHeaderBytes = 5;
    static constexpr std::size_t kHandshakeHeaderBytes = 4;

    static constexpr std::uint16_t kServerName = 0x0000;
    static constexpr std::uint16_t kSupportedGroups = 0x000a;
    static constexpr std::uint16_t kAlpn = 0x0010;
    static constexpr std::uint16_t kPadding = 0x0015;
    static constexpr std::uint16_t kSupportedVersions = 0x002b;
    static constexpr std::uint16_t kKeyShare = 0x0033;
    static constexpr std::uint16_t kEncryptedClientHello = 0xfe0d;
    static constexpr std::uint16_t kEncryptedServerName = 0xffce;

    static constexpr std::uint16_t kTls13 = 0x0304;
    static constexpr std::uint16_t kTls12 = 0x0303;
    /// X25519MLKEM768 (draft-kwiatkowski-tls-ecdhe-mlkem): 1184-byte ML-KEM key + 32-byte X25519 share.
    static constexpr std::uint16_t kGroupX25519MlKem768 = 0x11ec;
    static constexpr std::uint16_t kGroupX25519 = 0x001d;
    static constexpr std::size_t kX25519MlKem768ShareBytes = 1216;

    /// What Chrome sends for `server_name`, minus the things a parser ignores: GREASE extension first,
    /// SNI, ALPN h2 + http/1.1, supported_versions with a GREASE value, an X25519 key share, GREASE last.
    static ClientHelloBuilder browser_like(std::string_view server_name) {
        ClientHelloBuilder builder;
        builder.grease_extension(0x0a0a)
            .sni(server_name)
            .alpn({"h2", "http/1.1"})
            .supported_versions({0x3a3a, kTls13, kTls12})
            .key_share({{0x8a8a, 1}, {kGroupX25519, 32}})
            .grease_extension(0xdada);
        return builder;
    }

    // --- fixed fields -------------------------------------------------------------------------------

    ClientHelloBuilder& legacy_version(std::uint16_t value) {
        legacy_version_ = value;
        return *this;
    }
    ClientHelloBuilder& session_id(Bytes value) {
        session_id_ = std::move(value);
        return *this;
    }
    /// Raw cipher-suite bytes: lets a test write an odd length.
    ClientHelloBuilder& cipher_suite_bytes(Bytes value) {
        cipher_suites_ = std::move(value);
        return *this;
    }
    ClientHelloBuilder& compression_methods(Bytes value) {
        compression_methods_ = std::move(value);
        return *this;
    }
    /// Leaves out the extensions block entirely (the hello ends after compression_methods).
    ClientHelloBuilder& no_extensions() {
        omit_extensions_ = true;
        return *this;
    }
    /// Bytes appended after the extensions block (inside the handshake body): always malformed.
    ClientHelloBuilder& trailing_bytes(Bytes value) {
        trailing_ = std::move(value);
        return *this;
    }

    // --- extensions, in call order ------------------------------------------------------------------

    /// server_name (RFC 6066 §3) with one host_name entry; `name` is written byte for byte.
    ClientHelloBuilder& sni(std::string_view name) { return sni_entries({{0, std::string{name}}}); }
    /// server_name with several (name_type, name) entries, for first-wins and unknown-type cases.
    ClientHelloBuilder& sni_entries(std::vector<std::pair<std::uint8_t, std::string>> entries) {
        Bytes list;
        for (const auto& [name_type, name] : entries) {
            put_u8(list, name_type);
            put_u16(list, name.size());
            list.insert(list.end(), name.begin(), name.end());
        }
        Bytes body;
        put_u16(body, list.size());
        append(body, list);
        return raw_extension(kServerName, std::move(body));
    }
    /// application_layer_protocol_negotiation (RFC 7301 §3.1).
    ClientHelloBuilder& alpn(std::initializer_list<std::string_view> protocols) {
        Bytes list;
        for (auto protocol : protocols) {
            put_u8(list, protocol.size());
            list.insert(list.end(), protocol.begin(), protocol.end());
        }
        Bytes body;
        put_u16(body, list.size());
        append(body, list);
        return raw_extension(kAlpn, std::move(body));
    }
    /// supported_versions (RFC 8446 §4.2.1), client form: u8-prefixed list of u16. Put GREASE values in
    /// `versions` where a browser would (first).
    ClientHelloBuilder& supported_versions(std::initializer_list<std::uint16_t> versions) {
        Bytes body;
        put_u8(body, versions.size() * 2);
        for (auto version : versions) put_u16(body, version);
        return raw_extension(kSupportedVersions, std::move(body));
    }
    /// key_share (RFC 8446 §4.2.8) with (group, key length) entries; key bytes are a deterministic fill.
    /// key_share({{kGroupX25519MlKem768, kX25519MlKem768ShareBytes}}) gives a post-quantum-sized hello.
    ClientHelloBuilder& key_share(std::initializer_list<std::pair<std::uint16_t, std::size_t>> shares) {
        Bytes list;
        for (const auto& [group, key_bytes] : shares) {
            put_u16(list, group);
            put_u16(list, key_bytes);
            for (std::size_t i = 0; i < key_bytes; ++i) put_u8(list, 0x40 + i % 64);
        }
        Bytes body;
        put_u16(body, list.size());
        append(body, list);
        return raw_extension(kKeyShare, std::move(body));
    }
    /// encrypted_client_hello (0xfe0d), outer form: type 0, a cipher suite, config id, enc, payload.
    /// GREASE ECH (RFC 9849 §6.2) looks exactly like this on the wire.
    ClientHelloBuilder& ech(std::size_t payload_bytes = 144) {
        Bytes body{0x00,                     // ECHClientHelloType outer
                   0x00, 0x01, 0x00, 0x01,   // HPKE KDF HKDF-SHA256, AEAD AES-128-GCM
                   0x2a};                    // config_id
        put_u16(body, 32);                   // enc: an X25519 public key
        body.insert(body.end(), 32, 0x5e);
        put_u16(body, payload_bytes);
        body.insert(body.end(), payload_bytes, 0xec);
        return raw_extension(kEncryptedClientHello, std::move(body));
    }
    /// The draft encrypted_server_name (0xffce) that Firefox once sent: suite, key share, digest, name.
    ClientHelloBuilder& esni() {
        Bytes body{0x13, 0x01};  // TLS_AES_128_GCM_SHA256
        put_u16(body, kGroupX25519);
        put_u16(body, 32);
        body.insert(body.end(), 32, 0x11);
        put_u16(body, 32);  // record_digest
        body.insert(body.end(), 32, 0x22);
        put_u16(body, 64);  // encrypted_sni
        body.insert(body.end(), 64, 0x33);
        return raw_extension(kEncryptedServerName, std::move(body));
    }
    /// An empty RFC 8701 GREASE extension (0x0a0a, 0x1a1a, ... 0xfafa) as Chrome sends first and last.
    ClientHelloBuilder& grease_extension(std::uint16_t type = 0x0a0a, std::size_t body_bytes = 0) {
        return raw_extension(type, Bytes(body_bytes, 0x00));
    }
    /// Any extension, body written as given (wrong inner lengths included).
    ClientHelloBuilder& raw_extension(std::uint16_t type, Bytes body) {
        extensions_.push_back({type, std::move(body)});
        return *this;
    }
    /// The padding extension (RFC 7685), sized at build time so that body() is exactly `body_bytes` long
    /// (when the hello is not already at least that size less the 4-byte extension header).
    ClientHelloBuilder& pad_body_to(std::size_t body_bytes) {
        pad_body_to_ = body_bytes;
        return *this;
    }

    // --- outputs ------------------------------------------------------------------------------------

    Bytes body() const {
        Bytes out;
        put_u16(out, legacy_version_);
        for (std::size_t i = 0; i < 32; ++i) put_u8(out, i);  // random: 00 01 .. 1f
        put_u8(out, session_id_.size());
        append(out, session_id_);
        put_u16(out, cipher_suites_.size());
        append(out, cipher_suites_);
        put_u8(out, compression_methods_.size());
        append(out, compression_methods_);
        if (!omit_extensions_) {
            Bytes block;
            for (const auto& extension : extensions_) put_extension(block, extension.type, extension.body);
            if (pad_body_to_ > 0) {
                // Everything except the padding: fixed part + extensions length + extensions + trailing.
                const std::size_t without = out.size() + 2 + block.size() + trailing_.size();
                const std::size_t padding = pad_body_to_ > without + 4 ? pad_body_to_ - without - 4 : 0;
                put_extension(block, kPadding, Bytes(padding, 0x00));
            }
            put_u16(out, block.size());
            append(out, block);
        }
        append(out, trailing_);
        return out;
    }

    /// msg_type client_hello (1), u24 length, body.
    Bytes handshake() const {
        const Bytes message = body();
        Bytes out;
        put_u8(out, kHandshakeTypeClientHello);
        put_u24(out, message.size());
        append(out, message);
        return out;
    }

    Bytes record_bytes() const { return records(1); }

    /// The handshake message split into `count` records (content type 22, version 0x0301 as TLS 1.3
    /// clients send for compatibility); the earlier fragments get the larger share.
    Bytes records(std::size_t count) const {
        const Bytes message = handshake();
        std::vector<std::size_t> sizes;
        for (std::size_t i = 0; i < count; ++i) sizes.push_back(message.size() / count + (i < message.size() % count));
        return records_of_sizes(sizes);
    }

    /// The handshake message split into records with the given fragment sizes (their sum must be the
    /// handshake() size; a shorter sum leaves the hello incomplete).
    Bytes records_of_sizes(const std::vector<std::size_t>& fragment_sizes) const {
        const Bytes message = handshake();
        return wrap_in_records(message, fragment_sizes);
    }

    /// Wraps `fragment_sizes` consecutive pieces of `payload` in handshake records.
    static Bytes wrap_in_records(std::span<const std::uint8_t> payload, const std::vector<std::size_t>& fragment_sizes,
                                 std::uint8_t content_type = kContentTypeHandshake) {
        Bytes out;
        std::size_t at = 0;
        for (std::size_t size : fragment_sizes) {
            put_record_header(out, content_type, 0x0301, size);
            const auto piece = payload.subspan(at, std::min(size, payload.size() - at));
            append(out, piece);
            at += piece.size();
        }
        return out;
    }

    /// A 5-byte TLS record header: content type, version, u16 length.
    static void put_record_header(Bytes& out, std::uint8_t content_type, std::uint16_t version, std::size_t length) {
        put_u8(out, content_type);
        put_u16(out, version);
        put_u16(out, length);
    }

    /// Cuts `bytes` at the given increasing offsets: cut_at(b, {10, 20}) gives [0,10) [10,20) [20,end).
    static std::vector<Bytes> cut_at(std::span<const std::uint8_t> bytes, const std::vector<std::size_t>& offsets) {
        std::vector<Bytes> segments;
        std::size_t start = 0;
        for (std::size_t offset : offsets) {
            const std::size_t stop = std::min(offset, bytes.size());
            if (stop > start) segments.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(start),
                                                    bytes.begin() + static_cast<std::ptrdiff_t>(stop));
            start = std::max(start, stop);
        }
        if (start < bytes.size()) {
            segments.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.end());
        }
        return segments;
    }

    /// Cuts `bytes` into segments of `segment_bytes` (the last one shorter), as a TCP stack with that MSS.
    static std::vector<Bytes> cut_every(std::span<const std::uint8_t> bytes, std::size_t segment_bytes) {
        std::vector<std::size_t> offsets;
        for (std::size_t at = segment_bytes; at < bytes.size(); at += segment_bytes) offsets.push_back(at);
        return cut_at(bytes, offsets);
    }

    /// Where `needle` first occurs in `haystack` (for cutting in the middle of the SNI), or npos.
    static std::size_t find(std::span<const std::uint8_t> haystack, std::string_view needle) {
        const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                                    [](std::uint8_t a, char b) { return a == static_cast<std::uint8_t>(b); });
        return it == haystack.end() ? std::string_view::npos : static_cast<std::size_t>(it - haystack.begin());
    }

    static void put_u8(Bytes& out, std::size_t value) { out.push_back(static_cast<std::uint8_t>(value & 0xffu)); }
    static void put_u16(Bytes& out, std::size_t value) {
        put_u8(out, value >> 8);
        put_u8(out, value);
    }
    static void put_u24(Bytes& out, std::size_t value) {
        put_u8(out, value >> 16);
        put_u16(out, value & 0xffffu);
    }
    static void append(Bytes& out, std::span<const std::uint8_t> bytes) {
        out.insert(out.end(), bytes.begin(), bytes.end());
    }

private:
    struct Extension {
        std::uint16_t type;
        Bytes body;
    };

    static void put_extension(Bytes& out, std::uint16_t type, const Bytes& extension_body) {
        put_u16(out, type);
        put_u16(out, extension_body.size());
        append(out, extension_body);
    }

    std::uint16_t legacy_version_ = 0x0303;
    // Fixed: a 32-byte legacy_session_id, as TLS 1.3 middlebox-compatibility mode sends.
    Bytes session_id_ = Bytes(32, 0xe0);
    Bytes cipher_suites_{
        0x0a, 0x0a,  // GREASE
        0x13, 0x01,  // TLS_AES_128_GCM_SHA256
        0x13, 0x02,  // TLS_AES_256_GCM_SHA384
        0x13, 0x03,  // TLS_CHACHA20_POLY1305_SHA256
        0xc0, 0x2b,  // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        0xc0, 0x2f,  // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    };
    Bytes compression_methods_{0x00};  // null
    std::vector<Extension> extensions_;
    std::size_t pad_body_to_ = 0;
    bool omit_extensions_ = false;
    Bytes trailing_;
};

}  // namespace schoolgate::test
