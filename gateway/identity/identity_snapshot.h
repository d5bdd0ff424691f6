#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/net/ip_address.h"

namespace schoolgate::gateway::identity {

enum class BindingSource : std::uint8_t { Radius, Dhcp };
inline constexpr std::size_t kBindingSources = 2;

/// "radius" or "dhcp": the event's identity_source.
std::string_view binding_source_name(BindingSource source) noexcept;

/// Who holds an address for a while: from a RADIUS session (its User-Name) or a DHCP lease whose MAC or
/// host name the school's directory lists.
struct Binding {
    std::string user;    ///< the directory's username (or RADIUS's User-Name when the directory lacks it)
    std::string device;  ///< the lease's host name, else the MAC; empty when neither is known
    BindingSource source = BindingSource::Dhcp;
    std::int64_t since_us = -1;  ///< when it began (µs since 1970), -1 when the source does not say
    std::int64_t until_us = std::numeric_limits<std::int64_t>::max();  ///< exclusive; max = no end given
};

/// The identity table as the engine reads it: immutable, built by IdentityTable off the packet path and
/// published whole through IdentityStore (as the policy is through PolicyStore). Thread-safe to read.
/// A binding is only answered for instants inside [since, until): a snapshot that is not replaced in time
/// still never lets a binding outlive its lease or session (the instant is the packet's).
class IdentitySnapshot {
public:
    /// The RADIUS session's binding for `ip` at `at_us`, else the DHCP lease's; nullptr when neither.
    const Binding* lookup(const net::IpAddress& ip, std::int64_t at_us) const noexcept;
    std::size_t size(BindingSource source) const noexcept { return table(source).size(); }
    std::uint64_t generation() const noexcept { return generation_; }

private:
    friend class IdentityTable;
    using Table = std::unordered_map<net::IpAddress, Binding, net::IpAddressHash>;
    const Table& table(BindingSource source) const noexcept { return tables_[static_cast<std::size_t>(source)]; }
    std::array<Table, kBindingSources> tables_;
    std::uint64_t generation_ = 0;
};

}  // namespace schoolgate::gateway::identity
