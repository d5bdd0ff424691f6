#pragma once

#include <cstdint>

#include "common/net/ip_address.h"
#include "common/net/mac_address.h"
#include "config/policy/compiled_policy.h"
#include "gateway/identity/identity_snapshot.h"

namespace schoolgate::gateway::identity {

/// Who sent a flow, by the documented precedence (docs/policy.md, "Identity"): a device listed in the
/// policy > a live RADIUS session for the address > a DHCP lease whose MAC or host name the directory
/// lists > the network's role. A bound user's role is the directory's, else the policy's `users:`, else
/// the network's. A DHCP lease binds only a person whose directory role is the network's own (host names
/// and MACs are the client's claim: they never change a device's role). `identity` may be null (no
/// sources). `at_us` is the packet's time. Pure.
config::Subject resolve_subject(const config::CompiledPolicy& policy, const IdentitySnapshot* identity,
                                const net::IpAddress& ip, const net::MacAddress& mac, std::uint16_t vlan,
                                std::int64_t at_us);

}  // namespace schoolgate::gateway::identity
