#include "classifiers/tls/handshake_record_parser.h"

#include "classifiers/limits.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::tls {

namespace {

constexpr std::uint8_t kContentTypeHandshake = 22;
constexpr std::uint8_t kHandshakeTypeClientHello = 1;
constexpr std::size_t kRecordHeaderBytes = 5;
constexpr std::size_t kHandshakeHeaderBytes = 4;

using Result = ParseResult<ClientHelloMessage>;

}  // namespace

bool looks_like_tls_handshake(std::span<const std::uint8_t> first_bytes) noexcept {
    wire::ByteReader reader{first_bytes};
    const auto content_type = reader.read_u8();
    const auto major_version = reader.read_u8();
    const auto minor_version = reader.read_u8();
    // SSL 3.0 .. TLS 1.3 all put 3 in the record's major version (TLS 1.3 freezes it at 0x0301/0x0303).
    return content_type == kContentTypeHandshake && major_version == 3 && minor_version && *minor_version <= 4;
}

ParseResult<ClientHelloMessage> parse_client_hello_records(std::span<const std::uint8_t> stream) noexcept {
    wire::ByteReader reader{stream};
    ClientHelloMessage message;
    std::size_t declared_length = 0;  // valid once the handshake header has been read
    bool have_header = false;

    while (true) {
        const auto header = reader.peek_bytes(kRecordHeaderBytes);
        if (!header) return Result::need_more_data(kRecordHeaderBytes - reader.remaining());
        wire::ByteReader header_reader{*header};
        const auto content_type = header_reader.read_u8();
        const auto major_version = header_reader.read_u8();
        header_reader.skip(1);
        const auto record_length = header_reader.read_u16();
        if (content_type != kContentTypeHandshake) return Result::malformed(Anomaly::TlsNotHandshake);
        // The registry claims a stream on its first byte alone; a first header that fails the probe's own
        // test is some other protocol, not a TLS record gone wrong.
        if (message.records == 0 && !looks_like_tls_handshake(*header)) {
            return Result::malformed(Anomaly::TlsNotHandshake);
        }
        if (major_version != 3 || *record_length == 0 || *record_length > limits::kMaxTlsRecordBytes) {
            return Result::malformed(Anomaly::TlsRecordMalformed);
        }
        if (reader.remaining() < kRecordHeaderBytes + *record_length) {
            return Result::need_more_data(kRecordHeaderBytes + *record_length - reader.remaining());
        }
        reader.skip(kRecordHeaderBytes);
        const auto fragment = *reader.read_bytes(*record_length);  // length checked just above
        ++message.records;
        message.body.insert(message.body.end(), fragment.begin(), fragment.end());

        if (!have_header && message.body.size() >= kHandshakeHeaderBytes) {
            wire::ByteReader handshake{message.body};
            const auto type = handshake.read_u8();
            declared_length = *handshake.read_u24();  // size checked above
            if (type != kHandshakeTypeClientHello) return Result::malformed(Anomaly::TlsNotHandshake);
            if (declared_length > limits::kMaxClientHelloBytes) {
                return Result::malformed(Anomaly::TlsClientHelloTooLarge);
            }
            have_header = true;
        }
        if (have_header && message.body.size() >= kHandshakeHeaderBytes + declared_length) {
            // Later handshake messages in the same flight (rare from a client) are not ours to keep.
            message.body.resize(kHandshakeHeaderBytes + declared_length);
            message.body.erase(message.body.begin(), message.body.begin() + kHandshakeHeaderBytes);
            return Result::ok(std::move(message));
        }
    }
}

}  // namespace schoolgate::classifiers::tls
