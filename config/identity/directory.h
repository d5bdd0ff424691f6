#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/mac_address.h"
#include "common/result.h"
#include "config/config_error.h"

namespace schoolgate::config::identity {

/// One person of the school's directory export (MIS, Entra, Google): their id, the name people know them
/// by, their role in the policy, and the devices (MACs or DHCP host names) that are theirs.
struct Person {
    std::string username;
    std::string display_name;
    std::string role;
    std::vector<net::MacAddress> macs;
    std::vector<std::string> hosts;  ///< lower-case
    std::uint32_t line = 0;
    std::uint32_t role_column = 0;
};

/// The directory, indexed. Immutable once read; thread-safe to read.
class Directory {
public:
    const std::vector<Person>& people() const noexcept { return people_; }
    bool empty() const noexcept { return people_.empty(); }
    /// By username; also "jo@school.example" for "jo" (a RADIUS realm), case-insensitively.
    const Person* find_user(std::string_view username) const;
    /// The owner of a device by MAC, else by host name (lower-case); nullptr when nobody lists it.
    const Person* find_device(const std::optional<net::MacAddress>& mac, std::string_view host) const;
    const std::string& file() const noexcept { return file_; }

private:
    friend class DirectoryBuilder;
    std::string file_;
    std::vector<Person> people_;
    std::map<std::string, std::size_t, std::less<>> by_username_;  ///< lower-case
    std::map<net::MacAddress, std::size_t> by_mac_;
    std::map<std::string, std::size_t, std::less<>> by_host_;
};

/// Reads the directory CSV (RFC 4180: commas, "quoted, fields" with "" for a quote; a UTF-8 BOM and CR LF
/// line ends are fine). The first line is the header `username,display_name,role,devices`; devices are
/// MAC addresses or DHCP host names separated by spaces. Every mistake is reported at FILE:LINE:COL with
/// what to write instead: a wrong header, a line with too few or too many fields, an empty or odd
/// username, a username or device listed twice, a device that is neither a MAC nor a host name, an
/// unterminated quote. Roles are checked against the policy's by compile_policy(). Pure: bytes in.
Result<Directory, ConfigErrors> parse_directory_csv(std::span<const std::uint8_t> bytes, const std::string& file);

}  // namespace schoolgate::config::identity
