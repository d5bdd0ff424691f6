#pragma once

#include <cstdint>
#include <vector>

#include "classifiers/observations.h"
#include "common/net/ip_address.h"
#include "common/net/mac_address.h"
#include "config/policy/subject_index.h"
#include "gateway/policy/flow_assessment.h"
#include "gateway/policy/link_network_memory.h"

namespace schoolgate::gateway::policy {

/// How a flow's client was placed on the policy's map.
enum class Placed : std::uint8_t {
    ByPolicy,  ///< a device, a network by address or VLAN, or an IPv4 address no network claims (role unknown)
    ByLink,    ///< an IPv6 client placed on the network its MAC's IPv4 traffic came from
    Unplaced,  ///< an IPv6 client nothing places: decided as the strictest of the school's networks
};

struct SubjectPlacement {
    config::Subject subject;
    Placed placed = Placed::ByPolicy;
    LinkNetworkMemory::Known link = LinkNetworkMemory::Known::Nothing;  ///< what the MAC taught, for the reason
};

/// The one place the engine asks who a flow's client is. The policy first (SubjectIndex::identify); an IPv4
/// client on a network teaches `memory` that its MAC is on that network; an IPv6 client the policy does not
/// place gets the network its MAC's IPv4 traffic came from, or is Unplaced.
SubjectPlacement place_subject(const config::SubjectIndex& subjects, LinkNetworkMemory& memory,
                               const net::IpAddress& client, const net::MacAddress& mac, std::uint16_t vlan,
                               std::uint64_t at_us);

/// place_subject() for a client already identified by a richer source (the identity table: a policy device, a
/// RADIUS session, a DHCP lease the directory names, else the network: gateway/identity/resolve_subject).
SubjectPlacement place_resolved(config::Subject resolved, const config::SubjectIndex& subjects, LinkNetworkMemory& memory,
                                const net::IpAddress& client, const net::MacAddress& mac, std::uint64_t at_us);

/// assess_flow() for a placed client. An Unplaced client must not fall to default_action: the flow is
/// assessed as if it came from each of the policy's networks, and the strictest verdict (block, then
/// monitor, then allow; the first network in the file among equals) is its verdict, its subject that
/// network's role (with no network name), its reason saying so. A policy with no networks keeps role unknown.
/// `misses` as for assess_flow(), for the verdict that stands.
Assessment assess_placed(const PolicySnapshot& snapshot, FlowQuestion& question, const SubjectPlacement& placement,
                         classifiers::Observations& observations, std::vector<config::RuleMiss>* misses = nullptr);

}  // namespace schoolgate::gateway::policy
