#pragma once

#include <span>

#include "classifiers/dns/dns_message.h"
#include "classifiers/parse_result.h"

namespace schoolgate::classifiers::dns {

/// Parses one DNS message (the UDP payload, or a DNS-over-TCP message without its 2-byte length).
/// Pure and total. Names follow compression pointers (RFC 1035 §4.1.4) with a loop check and at most
/// limits::kMaxDnsCompressionDepth jumps. Results: Ok; Malformed with dns.truncated, dns.compression_loop,
/// dns.compression_too_deep, dns.name_too_long (> 255 bytes on the wire), dns.bad_label_type (0x40/0x80
/// label types) or dns.too_many_records (more questions or answers than the limits).
ParseResult<DnsMessage> parse_dns_message(std::span<const std::uint8_t> message) noexcept;

}  // namespace schoolgate::classifiers::dns
