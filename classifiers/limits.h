#pragma once

#include <cstddef>
#include <cstdint>

/// Every limit the classifiers apply to untrusted input, in one place. Each one stops a named attack
/// (memory or CPU exhaustion by a device a pupil controls) and has an anomaly that is counted when hit.
namespace schoolgate::classifiers::limits {

// TCP reassembly of the client's first flight (ClientHello, HTTP request, DNS-over-TCP message).
inline constexpr std::size_t kMaxReassemblyBytes = 16 * 1024;
/// Out-of-order pieces held while waiting for a gap to fill (in-order bytes are appended directly).
inline constexpr std::size_t kMaxPendingSegments = 32;

// TLS. Envoy caps the ClientHello at 64 KiB; real ones are < 2 KiB even with a post-quantum key share, and
// the ClientHello lives inside the 16 KiB reassembly window.
inline constexpr std::size_t kMaxClientHelloBytes = kMaxReassemblyBytes;
inline constexpr std::size_t kMaxTlsExtensions = 128;
inline constexpr std::size_t kMaxAlpnProtocols = 16;
inline constexpr std::size_t kMaxSupportedVersions = 16;
/// RFC 8446 §5.1: a record's plaintext is at most 2^14 bytes; allow the 2^14 + 2048 of TLS 1.2 ciphertext.
inline constexpr std::size_t kMaxTlsRecordBytes = (1u << 14) + 2048;
/// A TCP stack fills segments to the MSS, and no path MSS is below 536 (RFC 879). A ClientHello segment
/// smaller than this that is not the last one was split on purpose.
inline constexpr std::size_t kMinNaturalSegmentBytes = 536;

// DNS (RFC 1035 §2.3.4; Zeek's dns_max_compression_chain_depth).
inline constexpr std::size_t kMaxDnsNameBytes = 255;
inline constexpr std::size_t kMaxDnsCompressionDepth = 20;
inline constexpr std::size_t kMaxDnsQuestions = 8;
inline constexpr std::size_t kMaxDnsAnswers = 64;
inline constexpr std::size_t kMaxDnsMessageBytes = 65535;

// HTTP/1.x request head.
inline constexpr std::size_t kMaxHttpRequestLineBytes = 8 * 1024;
inline constexpr std::size_t kMaxHttpHeadBytes = 16 * 1024;
inline constexpr std::size_t kMaxHttpHeaders = 100;

// Host names (RFC 1035 §2.3.4: 253 characters of text, 63 per label).
inline constexpr std::size_t kMaxHostNameBytes = 253;
inline constexpr std::size_t kMaxLabelBytes = 63;

}  // namespace schoolgate::classifiers::limits
