#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/anomaly.h"
#include "classifiers/observations.h"
#include "classifiers/services/service_catalogue.h"
#include "config/model/policy_model_base.h"
#include "gateway/decode/packet_decoder.h"
#include "gateway/policy/subject_placement.h"

namespace schoolgate::gateway::engine {

/// config::model::Action's values (Allow, Block, Monitor): decided flows are counted by Action.
inline constexpr std::size_t kActionCount = 3;

/// What one worker counted.
struct EngineCounters {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t packets_not_inspected = 0;  ///< well-formed but not TCP/UDP over IP (ARP, ICMP, ESP, ...)
    std::uint64_t packets_malformed = 0;
    std::uint64_t packets_fragmented = 0;  ///< IP fragments (ipv4.fragment, ipv6.fragment), reassembled or not
    std::uint64_t datagrams_reassembled = 0;  ///< datagrams rebuilt from fragments and inspected whole
    std::uint64_t packets_settled_path = 0;  ///< packets of settled flows: one lookup, no inspection
    std::uint64_t flows_decided = 0;
    std::uint64_t flows_unidentified = 0;  ///< decided flows whose client no policy network or device claims
    std::uint64_t inspection_budget_exhausted = 0;
    std::uint64_t inspection_packet_cap = 0;
    std::uint64_t decoy_packets = 0;  ///< client segments the server will drop, never read (tcp.decoy)
    std::uint64_t connections_restarted = 0;  ///< a client SYN with a new ISN on a known 5-tuple
    std::uint64_t conversation_messages = 0;  ///< messages decided on conversations (DNS queries, HTTP requests, QUIC hellos)
    /// conversations no longer read before their end (conversation.too_long, or something unreadable), each with an event
    std::uint64_t conversations_cut = 0;
    std::uint64_t events_written = 0;
    std::uint64_t alerts_raised = 0;
    std::uint64_t ndpi_flows = 0;  ///< flows nDPI was asked about (none of our classifiers claimed them)
    std::uint64_t ndpi_flows_local_skipped = 0;
    std::uint64_t ndpi_packets = 0;  ///< packets fed to nDPI (ndpi_detection_process_packet calls)
    /// decided flows settled while nDPI was still asked: its best guess not asked for (read by nothing)
    std::uint64_t ndpi_guesses_not_needed = 0;
    /// IPv6 flows no network claims, placed on the network their MAC's IPv4 traffic came from
    std::uint64_t ipv6_placed_by_link = 0;
    /// IPv6 flows nothing placed: decided as the strictest network (policy::assess_placed)
    std::uint64_t ipv6_unplaced = 0;  ///< unclaimed multicast/broadcast flows nDPI was not asked about
    std::array<std::uint64_t, classifiers::kTechniqueCount> techniques{};  ///< signals recorded, by Technique
    classifiers::AnomalyCounters anomalies;
    std::array<std::uint64_t, 9> names_by_source{};  ///< indexed by HostSource
    /// Decided flows by service name ("(none)" for none) and by verdict name, as reported. Filled by
    /// name_flow_counts() from the two counts below, which are what a decided flow touches.
    std::map<std::string, std::uint64_t> flows_by_service;
    std::map<std::string, std::uint64_t> flows_by_verdict;
    /// Decided flows not yet named: by ServiceId of the catalogue in force when they were counted (grown on
    /// a service's first flow) and by Action. The engine names them when its counters are read and before
    /// it installs another policy (whose catalogue may number its services differently).
    std::vector<std::uint64_t> flows_by_service_id;
    std::array<std::uint64_t, kActionCount> flows_by_action{};

    /// A frame the decoder did not pass on: counted under its status (and its anomaly).
    void count_undecoded(decode::DecodeStatus status, classifiers::Anomaly anomaly, std::size_t wire_bytes) noexcept;
    /// A decision on a flow: the flow itself on its first decision (by name source, service, verdict), its
    /// techniques from index `techniques_from` on (0: all; a conversation's later message counts only those
    /// new since its last decision). The service is observations.service.
    void count_decision(const classifiers::Observations& observations, config::model::Action verdict,
                        bool first_decision, std::size_t techniques_from = 0);
    /// Moves the unnamed counts into flows_by_service and flows_by_verdict, naming services by `catalogue`
    /// (the one they were counted under).
    void name_flow_counts(const classifiers::services::ServiceCatalogue& catalogue);
    void count_placement(gateway::policy::Placed placed) noexcept {
        if (placed == gateway::policy::Placed::ByLink) ++ipv6_placed_by_link;
        if (placed == gateway::policy::Placed::Unplaced) ++ipv6_unplaced;
    }
    /// Adds another worker's counts (replay with several workers reports one total).
    EngineCounters& operator+=(const EngineCounters& other);
};

}  // namespace schoolgate::gateway::engine
