#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "gateway/identity/identity_table.h"
#include "gateway/radius/radius_listener.h"

namespace schoolgate::tools::daemon {

/// The daemon's counters at one moment, summed over workers: what `schoolgate stats` prints and the
/// Prometheus endpoint serves.
struct DaemonStats {
    std::string mode;  ///< "inline" or "passive"
    std::uint64_t uptime_seconds = 0;
    std::uint64_t policy_generation = 0;
    std::uint64_t reloads_published = 0;
    std::uint64_t reloads_failed = 0;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t packets_malformed = 0;
    std::uint64_t packets_fragmented = 0;     ///< IP fragments the engine was handed (inline: none, conntrack reassembles)
    std::uint64_t datagrams_reassembled = 0;  ///< datagrams the engine rebuilt from them (replay, passive)
    std::uint64_t ipv6_placed_by_link = 0;  ///< IPv6 flows placed on the network of their MAC's IPv4 traffic
    std::uint64_t ipv6_unplaced = 0;  ///< IPv6 flows nothing placed, decided as the strictest network
    std::uint64_t packets_settled_path = 0;
    std::uint64_t flows_decided = 0;
    std::uint64_t anomalies = 0;
    std::uint64_t alerts = 0;
    std::map<std::string, std::uint64_t> verdicts;  ///< "allow", "block", "monitor"
    // Inline mode: the queues and the kernel.
    std::uint64_t queue_verdicts_failed = 0;
    std::uint64_t queue_overruns = 0;  ///< queue messages the kernel dropped for want of socket buffer
    std::uint64_t queue_receive_errors = 0;      ///< failed reads from a queue socket
    std::uint64_t queue_malformed_messages = 0;  ///< queue messages with no packet to give a verdict to
    std::optional<std::uint64_t> bypassed_packets;  ///< the kernel's count; absent when it could not be read
    std::string bypassed_packets_error;             ///< why it could not be read; empty when it was
    // Passive mode: the capture ring.
    std::uint64_t capture_dropped = 0;
    // The event log.
    std::uint64_t events_written = 0;
    std::uint64_t events_lost = 0;
    std::uint64_t event_gaps_written = 0;
    std::string event_log_error;
    // Who is who (identity:): bindings by source, refused RADIUS packets, stale leases.
    struct Identity {
        gateway::identity::IdentityCounts table;
        gateway::radius::RadiusCounters radius;
        std::uint64_t generation = 0;
        std::uint64_t lease_reads = 0;
        std::uint64_t lease_read_failures = 0;
    };
    Identity identity;
};

std::string stats_json(const DaemonStats& stats);
/// Prometheus text exposition format 0.0.4, every metric prefixed `schoolgate_`.
std::string stats_prometheus(const DaemonStats& stats);

}  // namespace schoolgate::tools::daemon
