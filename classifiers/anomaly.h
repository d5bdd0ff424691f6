#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace schoolgate::classifiers {

/// Every way untrusted input can be wrong or exceed a limit. Wire names are stable once released: they
/// appear in counters, events and the schema. The decoder (gateway/decode) reports its anomalies with the
/// same enum so that there is one list to read and count.
#define SG_ANOMALY_LIST(X)                                                          \
    X(LinkTruncated, "link.truncated")                                              \
    X(LinkUnsupportedType, "link.unsupported_type")                                 \
    X(VlanTooManyTags, "vlan.too_many_tags")                                        \
    X(IpUnsupportedVersion, "ip.unsupported_version")                               \
    X(Ipv4Truncated, "ipv4.truncated")                                              \
    X(Ipv4BadHeaderLength, "ipv4.bad_header_length")                                \
    X(Ipv4BadTotalLength, "ipv4.bad_total_length")                                 \
    X(Ipv4Fragment, "ipv4.fragment")                                                \
    X(Ipv6Truncated, "ipv6.truncated")                                              \
    X(Ipv6BadPayloadLength, "ipv6.bad_payload_length")                              \
    X(Ipv6ExtensionHeaderTruncated, "ipv6.extension_header_truncated")              \
    X(Ipv6TooManyExtensionHeaders, "ipv6.too_many_extension_headers")               \
    X(Ipv6Fragment, "ipv6.fragment")                                                \
    X(IpFragmentOverlap, "ip.fragment_overlap")                                     \
    X(IpFragmentBadLength, "ip.fragment_bad_length")                                \
    X(IpFragmentTooLarge, "ip.fragment_too_large")                                  \
    X(IpFragmentTooMany, "ip.fragment_too_many")                                    \
    X(IpFragmentTruncated, "ip.fragment_truncated")                                 \
    X(IpFragmentNested, "ip.fragment_nested")                                       \
    X(IpFragmentTimeout, "ip.fragment_timeout")                                     \
    X(IpFragmentEvicted, "ip.fragment_evicted")                                     \
    X(IpFragmentSourceShare, "ip.fragment_source_share")                            \
    X(TcpTruncated, "tcp.truncated")                                                \
    X(TcpBadDataOffset, "tcp.bad_data_offset")                                      \
    X(UdpTruncated, "udp.truncated")                                                \
    X(UdpBadLength, "udp.bad_length")                                               \
    X(TcpReassemblyTooManySegments, "tcp.reassembly_too_many_segments")             \
    X(TcpReassemblyTooLarge, "tcp.reassembly_too_large")                            \
    X(TlsRecordMalformed, "tls.record_malformed")                                   \
    X(TlsNotHandshake, "tls.not_handshake")                                         \
    X(TlsClientHelloTooLarge, "tls.client_hello_too_large")                         \
    X(TlsClientHelloTruncated, "tls.client_hello_truncated")                        \
    X(TlsClientHelloMalformed, "tls.client_hello_malformed")                        \
    X(TlsTooManyExtensions, "tls.too_many_extensions")                              \
    X(TlsSniInvalid, "tls.sni_invalid")                                             \
    X(DnsTruncated, "dns.truncated")                                                \
    X(DnsCompressionLoop, "dns.compression_loop")                                   \
    X(DnsCompressionTooDeep, "dns.compression_too_deep")                            \
    X(DnsNameTooLong, "dns.name_too_long")                                          \
    X(DnsBadLabelType, "dns.bad_label_type")                                        \
    X(DnsTooManyRecords, "dns.too_many_records")                                    \
    X(DnsNameInvalid, "dns.name_invalid")                                           \
    X(HttpRequestLineTooLong, "http.request_line_too_long")                         \
    X(HttpHeadersTooLarge, "http.headers_too_large")                                \
    X(HttpMalformedRequest, "http.malformed_request")                               \
    X(HttpHostInvalid, "http.host_invalid")                                         \
    X(QuicInitialMalformed, "quic.initial_malformed")                               \
    X(QuicDecryptFailed, "quic.decrypt_failed")                                     \
    X(QuicCryptoTooLarge, "quic.crypto_too_large")                                  \
    X(QuicTooManyInitials, "quic.too_many_initials")                               \
    X(QuicCryptoOffsetTooFar, "quic.crypto_offset_too_far")                         \
    X(QuicCryptoTooFragmented, "quic.crypto_too_fragmented")                       \
    X(SocksTargetInvalid, "socks.target_invalid")                                  \
    X(HttpBodyMalformed, "http.body_malformed")                                     \
    X(ConversationTooLong, "conversation.too_long")

enum class Anomaly : std::uint8_t {
#define SG_ANOMALY_ENUM(name, wire) name,
    SG_ANOMALY_LIST(SG_ANOMALY_ENUM)
#undef SG_ANOMALY_ENUM
};

inline constexpr std::size_t kAnomalyCount = 0
#define SG_ANOMALY_COUNT(name, wire) +1
    SG_ANOMALY_LIST(SG_ANOMALY_COUNT)
#undef SG_ANOMALY_COUNT
    ;

/// The stable snake_case wire name, e.g. "tls.client_hello_too_large".
std::string_view anomaly_name(Anomaly anomaly) noexcept;
std::optional<Anomaly> anomaly_from_name(std::string_view name) noexcept;

/// One counter per anomaly, indexed by the enum. Not thread-safe: each worker owns one and they are summed.
class AnomalyCounters {
public:
    void add(Anomaly anomaly, std::uint64_t count = 1) noexcept {
        counts_[static_cast<std::size_t>(anomaly)] += count;
    }
    std::uint64_t count(Anomaly anomaly) const noexcept { return counts_[static_cast<std::size_t>(anomaly)]; }
    std::uint64_t total() const noexcept;

private:
    std::array<std::uint64_t, kAnomalyCount> counts_{};
};

}  // namespace schoolgate::classifiers
