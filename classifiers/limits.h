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
/// Client datagrams of a UDP flow probed before an unclaimed flow is given up on. Evasion tools put one or a
/// few junk or fake datagrams first (zapret's fake QUIC Initial, GoodbyeDPI's fake, AmneziaWG's Jc junk
/// packets, 3 to 10 in its examples), so the first unrecognised datagram must not end inspection; the
/// bound keeps a protocol we do not know (a game, VoIP) from being probed for ever.
inline constexpr std::uint8_t kMaxUnrecognisedDatagrams = 32;
/// Messages (DNS queries, HTTP/1.x requests, QUIC ClientHellos) read on one flow. A conversation is read
/// to its end, past the packet budget, because every message on it may name something else; past this many
/// the flow is settled with conversation.too_long and an event, never silently. nginx closes a keep-alive
/// connection after 1,000 requests (keepalive_requests), Apache after 100; a stub resolver's socket asks a
/// handful of questions. A single-socket DNS tunnel reaches it, and the tunnel detector fires long before
/// (40 unique names under one domain).
inline constexpr std::uint32_t kMaxConversationMessages = 1024;
inline constexpr std::size_t kMaxDnsCompressionDepth = 20;
inline constexpr std::size_t kMaxDnsQuestions = 8;
inline constexpr std::size_t kMaxDnsAnswers = 64;
inline constexpr std::size_t kMaxDnsMessageBytes = 65535;

// HTTP/1.x request head.
inline constexpr std::size_t kMaxHttpRequestLineBytes = 8 * 1024;
inline constexpr std::size_t kMaxHttpHeadBytes = 16 * 1024;
inline constexpr std::size_t kMaxHttpHeaders = 100;

// QUIC Initial packets (RFC 9000 §17.2, RFC 9001 §5).
/// RFC 9000 §17.2: a version 1 connection ID is at most 20 bytes.
inline constexpr std::size_t kMaxQuicConnectionIdBytes = 20;
/// The window of the client's Initial CRYPTO stream that is reassembled: a frame ending beyond it is
/// quic.crypto_offset_too_far, and a ClientHello longer than it is quic.crypto_too_large. Real ClientHellos
/// are far smaller: Chromium's with an X25519MLKEM768 key share is about 1.8 KB (sent over two Initials),
/// and adding a resumption ticket and a real ECH payload keeps one under about 4 KB. 8 KiB is twice that,
/// and is also about what kMaxQuicInitialPackets client Initials (at least 1,200 bytes each, RFC 9000
/// §14.1) can carry. Suricata allows 64 KiB; at that size 20,000 flows with one frame near the end
/// (offsets are the attacker's choice) held 1.5 GB. Memory held follows bytes received, not offsets.
inline constexpr std::size_t kMaxQuicCryptoBytes = 8 * 1024;
/// Client Initial packets decrypted per flow before giving up on a whole ClientHello.
inline constexpr std::size_t kMaxQuicInitialPackets = 8;
/// Long-header packets read from one datagram (RFC 9000 §12.2 coalescing: Initial, 0-RTT, Handshake).
inline constexpr std::size_t kMaxQuicCoalescedPackets = 4;
/// Frames (other than PADDING bytes) read from one decrypted Initial.
inline constexpr std::size_t kMaxQuicFramesPerPacket = 64;
/// Out-of-order CRYPTO pieces held while a gap waits to fill: one Initial's worth of frames
/// (kMaxQuicFramesPerPacket), so that a ClientHello shuffled over frames in any order is still joined.
inline constexpr std::size_t kMaxQuicCryptoPieces = kMaxQuicFramesPerPacket;
/// ACK ranges read from one ACK frame.
inline constexpr std::size_t kMaxQuicAckRanges = 64;

// Host names (RFC 1035 §2.3.4: 253 characters of text, 63 per label).
inline constexpr std::size_t kMaxHostNameBytes = 253;
inline constexpr std::size_t kMaxLabelBytes = 63;

}  // namespace schoolgate::classifiers::limits
