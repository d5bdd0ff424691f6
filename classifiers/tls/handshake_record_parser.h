#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "classifiers/parse_result.h"

namespace schoolgate::classifiers::tls {

/// The ClientHello handshake message recovered from the TLS record layer.
struct ClientHelloMessage {
    std::vector<std::uint8_t> body;  ///< the message body, after the 4-byte handshake header
    std::uint16_t records = 0;       ///< TLS records it was carried in (more than 1 = "record split")
};

/// Reads TLS records (RFC 8446 §5.1) from the start of the client's byte stream and joins the handshake
/// fragments until the first handshake message is complete. Pure; `stream` is the reassembled bytes so far.
/// Results: Ok once the whole ClientHello is present; NeedMoreData(n) when at least n more stream bytes
/// are needed (the caller should not call again before it has them); Malformed with
/// tls.not_handshake (not a TLS handshake: the first record header fails looks_like_tls_handshake(), a
/// record is not of type handshake, or the first message is not a ClientHello),
/// tls.record_malformed (bad later record header, or a zero-length or over-long handshake record), or
/// tls.client_hello_too_large (declared larger than limits::kMaxClientHelloBytes).
ParseResult<ClientHelloMessage> parse_client_hello_records(std::span<const std::uint8_t> stream) noexcept;

/// A cheap check on the first bytes of a stream: could this be a TLS handshake record? Used as the
/// registry probe. Needs at least 3 bytes to say yes.
bool looks_like_tls_handshake(std::span<const std::uint8_t> first_bytes) noexcept;

}  // namespace schoolgate::classifiers::tls
