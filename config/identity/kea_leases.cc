#include <array>

#include "config/identity/lease.h"
#include "config/identity/limits.h"
#include "config/identity/text_lines.h"

namespace schoolgate::config::identity {

namespace {

// Kea's memfile columns we read, found by name in the header (lease4 and lease6 files differ in order
// and Kea adds columns over versions; CSVLeaseFile4/6 in Kea's dhcpsrv).
struct KeaColumns {
    std::size_t count = 0;
    std::size_t address = kNone, hwaddr = kNone, valid_lifetime = kNone, expire = kNone, hostname = kNone,
                state = kNone;
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
};
constexpr std::size_t kMaxKeaColumns = 32;

bool read_header(const TextLine& line, KeaColumns& columns, LeaseFile& file) {
    const auto fields = split_on(line.text, ',', kMaxKeaColumns);
    columns.count = fields.size();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const auto name = fields[i].text;
        if (name == "address") columns.address = i;
        if (name == "hwaddr") columns.hwaddr = i;
        if (name == "valid_lifetime") columns.valid_lifetime = i;
        if (name == "expire") columns.expire = i;
        if (name == "hostname") columns.hostname = i;
        if (name == "state") columns.state = i;
    }
    if (fields.size() > kMaxKeaColumns || columns.address == KeaColumns::kNone ||
        columns.expire == KeaColumns::kNone || columns.valid_lifetime == KeaColumns::kNone) {
        file.issue(line.number, 1,
                   "is not the header of a Kea memfile lease file (it starts 'address,hwaddr,...' or "
                   "'address,duid,...' and names address, valid_lifetime and expire; check the format)");
        return false;
    }
    return true;
}

// Kea writes a comma inside a value as "&#x2c" (CSVFile::escapeCharacters).
std::string unescaped(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 5) == "&#x2c") {
            out.push_back(',');
            i += 4;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

bool read_host(const Field& field, Lease& lease, std::uint32_t line, LeaseFile& file) {
    std::string name = unescaped(field.text);
    if (!name.empty() && name.back() == '.') name.pop_back();
    if (name.empty()) return true;
    auto host = host_name(name);
    if (!host) {
        file.issue(line, field.column, "hostname '" + shown(field.text) + "' has characters a DHCP host name cannot have");
        return false;
    }
    lease.host = std::move(*host);
    return true;
}

bool read_times(const std::vector<Field>& fields, const KeaColumns& columns, Lease& lease, std::uint32_t line,
                LeaseFile& file) {
    const auto& expire_field = fields[columns.expire];
    const auto& lifetime_field = fields[columns.valid_lifetime];
    const auto expire = whole_number(expire_field.text);
    const auto lifetime = whole_number(lifetime_field.text);
    if (!expire) {
        file.issue(line, expire_field.column, "expire '" + shown(expire_field.text) + "' is not a number of seconds since 1970");
        return false;
    }
    if (!lifetime || *lifetime > *expire) {
        file.issue(line, lifetime_field.column,
                   "valid_lifetime '" + shown(lifetime_field.text) + "' is not a number of seconds no greater than expire");
        return false;
    }
    constexpr std::int64_t kInfinite = 0xffffffff;  // Kea's infinite lifetime
    lease.starts = *expire - *lifetime;
    lease.ends = *lifetime == kInfinite ? 0 : *expire;
    lease.active = *lifetime != 0;
    return true;
}

void read_record(const TextLine& line, const KeaColumns& columns, LeaseFile& file) {
    const auto fields = split_on(line.text, ',', kMaxKeaColumns);
    if (fields.size() != columns.count) {
        file.issue(line.number, 1,
                   "has " + std::string{fields.size() > kMaxKeaColumns ? "too many" : std::to_string(fields.size())} +
                       " fields, the header " + std::to_string(columns.count) + " (a torn write, or another file's line)");
        return;
    }
    Lease lease;
    lease.line = line.number;
    const auto& address = fields[columns.address];
    const auto ip = net::IpAddress::parse(address.text);
    if (!ip) {
        file.issue(line.number, address.column, "address '" + shown(address.text) + "' is not an IPv4 or IPv6 address");
        return;
    }
    lease.ip = *ip;
    if (columns.hwaddr != KeaColumns::kNone && !fields[columns.hwaddr].text.empty()) {
        lease.mac = net::MacAddress::parse(fields[columns.hwaddr].text);
        if (!lease.mac) {
            file.issue(line.number, fields[columns.hwaddr].column,
                       "hwaddr '" + shown(fields[columns.hwaddr].text) + "' is not a MAC address (02:00:5e:10:00:01)");
            return;
        }
    }
    if (!read_times(fields, columns, lease, line.number, file)) return;
    if (columns.hostname != KeaColumns::kNone && !read_host(fields[columns.hostname], lease, line.number, file)) return;
    // state 0 is default (assigned); 1 declined, 2 expired-reclaimed, 3 released (Lease::STATE_*).
    if (columns.state != KeaColumns::kNone && fields[columns.state].text != "0") lease.active = false;
    file.leases.push_back(std::move(lease));
}

}  // namespace

LeaseFile parse_kea_leases(std::span<const std::uint8_t> bytes) noexcept {
    LeaseFile file;
    LineCursor lines{as_text(bytes)};
    TextLine line;
    KeaColumns columns;
    bool have_header = false;
    while (lines.next(line)) {
        if (line.text.empty()) continue;
        if (!have_header) {
            if (!read_header(line, columns, file)) return file;  // without the header no line can be read
            have_header = true;
            continue;
        }
        if (file.leases.size() >= kMaxLeases) {
            file.truncated = true;
            break;
        }
        read_record(line, columns, file);
    }
    return file;
}

}  // namespace schoolgate::config::identity
