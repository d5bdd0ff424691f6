#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schoolgate::classifiers {

/// Normalises a host name taken from the wire (SNI, Host header, CONNECT target, DNS query):
/// ASCII lower case, one trailing dot removed. Returns std::nullopt, so that the caller counts an
/// anomaly and never logs the raw bytes, when the name is empty, longer than 253 bytes, has an empty or
/// over-long (> 63) label, or holds a byte outside letters, digits, '-', '_' and '*' (wildcards appear in
/// some clients' SNI; '_' in service names). IPv4 literals pass; IPv6 literals must be unbracketed by the
/// caller and are accepted as lower-case hex with ':'.
std::optional<std::string> normalise_host_name(std::string_view raw);

/// True when `name` (already normalised) is an IPv4 or IPv6 literal rather than a DNS name.
bool is_ip_literal(std::string_view name) noexcept;

}  // namespace schoolgate::classifiers
