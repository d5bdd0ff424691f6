#pragma once

#include <span>
#include <cstdint>

#include "classifiers/parse_result.h"
#include "classifiers/tls/client_hello.h"

namespace schoolgate::classifiers::tls {

/// Parses the body of a ClientHello handshake message: the bytes after the 4-byte handshake header
/// (type 1, u24 length), exactly `length` of them. Pure and total: reads only inside `body`, keeps nothing.
/// Results: Ok; Malformed(tls.client_hello_truncated) when a field runs past the end;
/// Malformed(tls.client_hello_malformed) for a structurally impossible hello (trailing bytes, bad SNI
/// list); Malformed(tls.too_many_extensions) past limits::kMaxTlsExtensions. Never NeedMoreData: the
/// record layer delivers whole messages.
ParseResult<ClientHello> parse_client_hello(std::span<const std::uint8_t> body) noexcept;

}  // namespace schoolgate::classifiers::tls
