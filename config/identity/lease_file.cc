#include <algorithm>

#include "config/identity/lease.h"
#include "config/identity/limits.h"
#include "config/identity/text_lines.h"

namespace schoolgate::config::identity {

void LeaseFile::issue(std::uint32_t line, std::uint32_t column, std::string message) {
    if (issues.size() < kMaxIssues) {
        issues.push_back({line, column, std::move(message)});
    } else {
        ++more_issues;
    }
}

std::string_view lease_format_name(LeaseFormat format) noexcept {
    switch (format) {
        case LeaseFormat::Dnsmasq: return "dnsmasq";
        case LeaseFormat::Kea: return "kea";
        case LeaseFormat::Isc: return "isc";
    }
    return "dnsmasq";
}

std::optional<LeaseFormat> lease_format_from_name(std::string_view name) noexcept {
    for (auto format : {LeaseFormat::Dnsmasq, LeaseFormat::Kea, LeaseFormat::Isc}) {
        if (lease_format_name(format) == name) return format;
    }
    return std::nullopt;
}

std::optional<LeaseFormat> detect_lease_format(std::span<const std::uint8_t> bytes) noexcept {
    LineCursor lines{as_text(bytes.first(std::min<std::size_t>(bytes.size(), 4096)))};
    TextLine line;
    while (lines.next(line)) {
        const auto words = split_words(line.text, 5);
        if (words.empty()) continue;
        const auto first = words.front().text;
        if (first.starts_with("#") || first == "lease" || first == "authoring-byte-order" || first == "server-duid" ||
            first == "ia-na" || first == "failover") {
            return LeaseFormat::Isc;
        }
        if (first.starts_with("address,")) return LeaseFormat::Kea;
        if (first == "duid" || (words.size() == 5 && whole_number(first))) return LeaseFormat::Dnsmasq;
        return std::nullopt;
    }
    return LeaseFormat::Dnsmasq;  // an empty file: every format's "no leases"
}

LeaseFile parse_leases(LeaseFormat format, std::span<const std::uint8_t> bytes) noexcept {
    switch (format) {
        case LeaseFormat::Kea: return parse_kea_leases(bytes);
        case LeaseFormat::Isc: return parse_isc_leases(bytes);
        case LeaseFormat::Dnsmasq: break;
    }
    return parse_dnsmasq_leases(bytes);
}

namespace {

// One dnsmasq line: EXPIRY MAC IP HOST CLIENT-ID (dnsmasq's lease_update_file()); DHCPv6 leases put the
// IAID where the MAC is.
void read_dnsmasq_line(const TextLine& line, LeaseFile& file) {
    const auto fields = split_words(line.text, 5);
    if (fields.empty() || fields.front().text == "duid") return;  // blank, or the server's DUID line
    if (fields.size() != 5) {
        file.issue(line.number, 1,
                   "expected 5 fields separated by spaces (EXPIRY MAC ADDRESS HOST CLIENT-ID), found " +
                       std::string{fields.size() > 5 ? "more" : std::to_string(fields.size())} +
                       " (is this a dnsmasq leases file? give --leases-format or the policy's format)");
        return;
    }
    Lease lease;
    lease.line = line.number;
    const auto expiry = whole_number(fields[0].text);
    if (!expiry) {
        file.issue(line.number, fields[0].column,
                   "expiry '" + shown(fields[0].text) + "' is not a number of seconds since 1970 (0 for never)");
        return;
    }
    lease.ends = *expiry;
    const auto ip = net::IpAddress::parse(fields[2].text);
    if (!ip) {
        file.issue(line.number, fields[2].column, "'" + shown(fields[2].text) + "' is not an IPv4 or IPv6 address");
        return;
    }
    lease.ip = *ip;
    if (ip->family() == net::IpFamily::V4) {
        lease.mac = net::MacAddress::parse(fields[1].text);
        if (!lease.mac) {
            file.issue(line.number, fields[1].column,
                       "'" + shown(fields[1].text) + "' is not a MAC address (write it as 02:00:5e:10:00:01)");
            return;
        }
    }
    if (fields[3].text != "*") {
        auto host = host_name(fields[3].text);
        if (!host) {
            file.issue(line.number, fields[3].column,
                       "host name '" + shown(fields[3].text) + "' has characters a DHCP host name cannot have (or '*' for none)");
            return;
        }
        lease.host = std::move(*host);
    }
    file.leases.push_back(std::move(lease));
}

}  // namespace

LeaseFile parse_dnsmasq_leases(std::span<const std::uint8_t> bytes) noexcept {
    LeaseFile file;
    LineCursor lines{as_text(bytes)};
    TextLine line;
    while (lines.next(line)) {
        if (file.leases.size() >= kMaxLeases) {
            file.truncated = true;
            break;
        }
        read_dnsmasq_line(line, file);
    }
    return file;
}

}  // namespace schoolgate::config::identity
