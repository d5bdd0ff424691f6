#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/ip_address.h"
#include "common/net/mac_address.h"

namespace schoolgate::config::identity {

/// The lease file formats schoolgate reads (docs/policy.md, "Identity").
enum class LeaseFormat : std::uint8_t { Dnsmasq, Kea, Isc };

std::string_view lease_format_name(LeaseFormat format) noexcept;
std::optional<LeaseFormat> lease_format_from_name(std::string_view name) noexcept;
/// Guesses the format from the first bytes: Kea's CSV header, dhcpd's `lease ... {` blocks and comments,
/// else dnsmasq's lines of five fields. std::nullopt when it is none of them.
std::optional<LeaseFormat> detect_lease_format(std::span<const std::uint8_t> bytes) noexcept;

/// One DHCP lease as a server's file records it: who (MAC and/or host name) holds which address until when.
struct Lease {
    net::IpAddress ip;
    std::optional<net::MacAddress> mac;  ///< absent for DHCPv6 leases keyed by DUID
    std::string host;                    ///< lower-case DHCP host name; empty when none
    std::int64_t starts = 0;             ///< Unix seconds; 0 when the file does not say
    std::int64_t ends = 0;               ///< Unix seconds; 0 = never (an infinite lease)
    /// False for a record that ends the address's lease early (Kea's released or declined state, dhcpd's
    /// free, expired, released or abandoned): it replaces earlier records and binds nobody.
    bool active = true;
    std::uint32_t line = 0;              ///< where the file records it (1-based)
};

/// A line of a lease file that could not be read: its place and what is wrong with it.
struct LeaseIssue {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string message;
};

/// What a lease file said: the leases in file order (a later record for an address replaces an earlier
/// one: Kea and dhcpd append), and its bad lines (up to limits::kMaxIssues; `more_issues` counts the
/// rest). A bad line is skipped, never guessed at: the DHCP server writes these files, so a bad line is a
/// torn write or the wrong file, and the good lines still say who holds an address.
struct LeaseFile {
    std::vector<Lease> leases;
    std::vector<LeaseIssue> issues;
    std::size_t more_issues = 0;
    bool truncated = false;  ///< more than limits::kMaxLeases leases: the rest were not read

    void issue(std::uint32_t line, std::uint32_t column, std::string message);
};

/// Pure, total parsers over the file's bytes (no I/O, no clock): the same bytes give the same result.
/// dnsmasq: `EXPIRY MAC IP HOST CLIENT-ID` lines (and DHCPv6 `EXPIRY IAID IP HOST DUID` after `duid`).
LeaseFile parse_dnsmasq_leases(std::span<const std::uint8_t> bytes) noexcept;
/// Kea's memfile CSV (lease4 or lease6), columns found by the header's names.
LeaseFile parse_kea_leases(std::span<const std::uint8_t> bytes) noexcept;
/// ISC dhcpd's dhcpd.leases: `lease ADDRESS { starts ..; ends ..; binding state ..; hardware ethernet ..;
/// client-hostname ".."; }`; only leases whose binding state is active (or not given) are kept.
LeaseFile parse_isc_leases(std::span<const std::uint8_t> bytes) noexcept;
LeaseFile parse_leases(LeaseFormat format, std::span<const std::uint8_t> bytes) noexcept;

}  // namespace schoolgate::config::identity
