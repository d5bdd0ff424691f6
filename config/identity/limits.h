#pragma once

#include <cstddef>
#include <cstdint>

namespace schoolgate::config::identity {

/// Bounds on what the identity sources may make us hold. A wrong file (a log, a disk image) or a hostile
/// one is refused or cut short at these, with an issue saying so, never read without end.
inline constexpr std::size_t kMaxLeaseFileBytes = 64 * 1024 * 1024;  ///< a lease file, read whole
inline constexpr std::size_t kMaxLeases = 262'144;                   ///< leases kept from one file
inline constexpr std::size_t kMaxIssues = 100;                       ///< bad lines reported one by one
inline constexpr std::size_t kMaxHostNameBytes = 253;                ///< a DHCP host name (RFC 1035)
inline constexpr std::size_t kMaxDirectoryBytes = 16 * 1024 * 1024;  ///< the directory CSV
inline constexpr std::size_t kMaxDirectoryPeople = 100'000;
inline constexpr std::size_t kMaxDevicesPerPerson = 64;
inline constexpr std::size_t kMaxFieldBytes = 256;                   ///< one CSV field, one user name
inline constexpr std::size_t kMaxIscBlockDepth = 8;                  ///< nested { } in dhcpd.leases

}  // namespace schoolgate::config::identity
