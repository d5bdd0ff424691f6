#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/net/ip_address.h"
#include "common/net/mac_address.h"
#include "config/identity/directory.h"
#include "config/identity/lease.h"
#include "gateway/identity/identity_snapshot.h"

namespace schoolgate::gateway::identity {

/// A RADIUS session without an Interim-Update or Stop for this long has ended (its access point went
/// away without saying so): a binding never outlives its session. Controllers send updates every few
/// minutes (Acct-Interim-Interval, commonly 300 to 600 s).
inline constexpr std::int64_t kRadiusSessionIdleUs = 3600LL * 1'000'000;

/// One RADIUS Accounting Start or Interim-Update, as the listener understood it.
struct RadiusSession {
    std::string user;                        ///< User-Name
    std::vector<net::IpAddress> addresses;   ///< Framed-IP-Address, Framed-IPv6-Address
    std::optional<net::MacAddress> mac;      ///< Calling-Station-Id
};

/// What the table holds and what it left out, for `schoolgate stats`.
struct IdentityCounts {
    std::uint64_t radius_bindings = 0;
    std::uint64_t dhcp_bindings = 0;
    std::uint64_t leases_read = 0;          ///< leases in the files at their last reading
    std::uint64_t stale_leases = 0;         ///< of those, already ended when read
    std::uint64_t leases_not_in_directory = 0;  ///< active leases whose MAC and host name nobody lists
    std::uint64_t lease_file_issues = 0;    ///< bad lines at the files' last reading
};

/// The identity table's writer: the control thread's (the daemon's, or replay's before it starts) copy
/// of every source, from which immutable IdentitySnapshots are built and published. Not thread-safe: one
/// owner. Precedence inside it: a RADIUS session beats a DHCP lease for the same address (the snapshot
/// keeps both and lookup() asks RADIUS first); between lease files the later file's lease wins.
class IdentityTable {
public:
    IdentityTable(std::shared_ptr<const config::identity::Directory> directory, std::size_t lease_sources);

    /// A new policy's directory (and number of lease files): DHCP bindings are made again from the leases held.
    void set_directory(std::shared_ptr<const config::identity::Directory> directory, std::size_t lease_sources);
    /// Replaces what lease file `source` said (a file is re-read whole on each change). Later records for
    /// an address replace earlier ones; leases that ended before `now_us` are counted stale and left out.
    void set_leases(std::size_t source, const config::identity::LeaseFile& file, std::int64_t now_us);
    /// Accounting-Start or Interim-Update: binds each of the session's addresses to its user until
    /// kRadiusSessionIdleUs from now (each update moves the end).
    void radius_update(const RadiusSession& session, std::int64_t now_us);
    /// Accounting-Stop: the session's addresses are no longer bound.
    void radius_stop(const RadiusSession& session);
    /// Drops bindings that ended before `now_us` (they are answered for no later instant anyway).
    void expire(std::int64_t now_us);

    /// A snapshot of the table now, with the next generation number.
    std::shared_ptr<const IdentitySnapshot> snapshot();
    IdentityCounts counts() const;

private:
    void rebuild_dhcp();
    void remember_first_seen(config::identity::Lease& lease, std::int64_t now_us);

    std::shared_ptr<const config::identity::Directory> directory_;
    std::vector<std::vector<config::identity::Lease>> leases_;  ///< per lease file, active and unexpired
    std::vector<std::size_t> issues_;                           ///< per lease file
    std::vector<std::size_t> read_;                             ///< per lease file
    std::vector<std::size_t> stale_;                            ///< per lease file
    IdentitySnapshot::Table dhcp_;
    IdentitySnapshot::Table radius_;
    /// Leases whose file gives no start (dnsmasq): address -> (MAC and host name, first seen, Unix seconds).
    std::unordered_map<net::IpAddress, std::pair<std::string, std::int64_t>, net::IpAddressHash> first_seen_;
    std::uint64_t not_in_directory_ = 0;
    std::uint64_t generation_ = 0;
};

}  // namespace schoolgate::gateway::identity
