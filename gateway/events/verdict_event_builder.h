#pragma once

#include <cstdint>

#include "classifiers/observations.h"
#include "common/net/ip_address.h"
#include "common/time/wall_time.h"
#include "gateway/events/verdict_event.h"
#include "gateway/flow/flow_entry.h"
#include "gateway/policy/flow_assessment.h"

namespace schoolgate::gateway::events {

/// What an event says about the flow itself, as the flow table knows it.
struct FlowRecordFacts {
    std::uint64_t id = 0;
    classifiers::Transport transport = classifiers::Transport::Tcp;
    std::uint8_t ip_protocol = 0;  ///< for Transport::Other
    net::IpAddress client;
    std::uint16_t client_port = 0;
    net::IpAddress server;
    std::uint16_t server_port = 0;
    std::uint16_t vlan_id = 0;
    std::uint32_t packets = 0;
};

/// What the flow table knows of `flow`, for its event.
FlowRecordFacts record_facts(const flow::FlowEntry& flow);

/// The transport's name in events: "tcp", "udp", and for other IP protocols "esp", "gre", "icmp",
/// "icmpv6" or "ip/<number>".
std::string_view transport_name(classifiers::Transport transport, std::uint8_t ip_protocol) noexcept;

/// The verdict (or circumvention) event for a flow's assessment. Copies what it needs; the views in the
/// result point into `snapshot`'s policy and static names, so the snapshot must outlive the event.
VerdictEvent build_verdict_event(const FlowRecordFacts& flow, const classifiers::Observations& observations,
                                 const config::Subject& subject, const policy::Assessment& assessment,
                                 const policy::PolicySnapshot& snapshot, WallTime at);

}  // namespace schoolgate::gateway::events
