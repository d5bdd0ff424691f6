#pragma once

#include <cstdint>
#include <memory>
#include <unordered_set>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/dns/tunnel_detector.h"
#include "config/policy/decide_flow.h"
#include "gateway/engine/attempt_tracker.h"
#include "gateway/decode/packet_decoder.h"
#include "gateway/engine/engine_counters.h"
#include "gateway/engine/packet_verdict.h"
#include "gateway/events/event_sink.h"
#include "gateway/flow/flow_table.h"
#include "gateway/policy/policy_snapshot.h"

namespace schoolgate::gateway::engine {

struct EngineConfig {
    flow::FlowTableConfig flows;
    /// Packets of one flow that classifiers may see before it is settled whatever they say. Packets that
    /// give a claimed classifier new in-order bytes do not count (a ClientHello in 1-byte segments is read
    /// to the end); limits::kMaxReassemblyBytes bounds those.
    std::uint32_t inspection_packet_budget = 64;
    std::size_t dns_cache_capacity = 65536;
    /// Record allowed flows too (replay --all-flows). Off in production: data minimisation.
    bool record_allowed = false;
    /// Ask nDPI about flows no classifier of ours claims, for their first packets.
    bool ndpi_second_opinion = true;
};

/// The packet path of one worker: flow table -> classifiers (first flight only) -> identify -> decide ->
/// record. A flow is inspected until a classifier is done with it or its budget runs out; after that
/// each of its packets costs one table lookup and a counter. Time is the packet's own timestamp.
/// Not thread-safe: one engine per worker.
class InspectionEngine {
public:
    InspectionEngine(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                     events::EventSink& sink);

    /// Whatever the decoder made of a frame: a TCP/UDP packet goes to on_packet, another IP protocol to
    /// on_other_protocol, the rest is counted (on_undecoded) and passed.
    PacketVerdict on_decoded(const decode::DecodeOutcome& outcome, const decode::PacketView& packet,
                             std::size_t wire_bytes);
    /// Inspects one packet and says what enforcement should do with it (ignored by replay and passive).
    PacketVerdict on_packet(const decode::PacketView& packet);
    /// Counts a packet the decoder did not pass on (not inspected, fragment or malformed).
    void on_undecoded(const decode::DecodeOutcome& outcome, std::size_t wire_bytes) noexcept;
    /// An IP packet that is neither TCP nor UDP, with its addresses and protocol decoded (the decoder said
    /// NotInspected). ESP and GRE are VPN tunnels: the first packet between two addresses is decided and
    /// recorded like a flow. Other protocols are only counted.
    PacketVerdict on_other_protocol(const decode::PacketView& packet, std::size_t wire_bytes);
    /// Settles every flow still open (end of capture, shutdown).
    void finish();
    /// Installs a new policy; flows decided so far keep their verdicts.
    void set_snapshot(std::shared_ptr<const policy::PolicySnapshot> snapshot) noexcept;

    const EngineCounters& counters() const noexcept { return counters_; }
    const flow::FlowTable& flow_table() const noexcept { return flows_; }
    const classifiers::dns::AddressNameCache& dns_cache() const noexcept { return dns_cache_; }

private:
    void inspect(flow::FlowEntry& flow, classifiers::Direction direction, const decode::PacketView& packet);
    void settle(flow::FlowEntry& flow, std::uint64_t at_us);
    void decide_and_record(flow::FlowEntry& flow, std::uint64_t at_us);
    void identify(const flow::FlowEntry& flow, classifiers::Observations& observations, std::uint64_t at_us);
    void ask_ndpi(flow::FlowEntry& flow, const decode::PacketView& packet);
    void finish_ndpi(flow::FlowEntry& flow, classifiers::ndpi::NdpiReading reading);
    void note_policy_techniques(const flow::FlowEntry& flow, classifiers::Observations& observations);
    void record(const flow::FlowEntry& flow, const classifiers::Observations& observations,
                const config::Subject& subject, const config::FlowDecision& decision, std::uint64_t at_us,
                std::string_view other_transport = {});
    void track_attempt(const net::IpAddress& client, const config::Subject& subject,
                       const classifiers::Observations& observations, const config::FlowDecision& decision,
                       std::uint64_t at_us);
    void raise_alert(const net::IpAddress& client, const config::Subject& subject, std::string_view kind,
                     std::uint32_t attempts, std::uint32_t window_seconds, std::uint64_t first_us,
                     std::vector<std::string> services, std::vector<std::string_view> techniques, std::string reason,
                     std::uint64_t at_us);
    void on_flow_end(flow::FlowEntry& flow, flow::FlowEndReason reason);

    EngineConfig config_;
    std::shared_ptr<const policy::PolicySnapshot> snapshot_;
    events::EventSink& sink_;
    classifiers::dns::AddressNameCache dns_cache_;
    classifiers::dns::TunnelDetector tunnel_detector_;
    std::unique_ptr<classifiers::ndpi::NdpiModule> ndpi_;  ///< null when the second opinion is off
    AttemptTracker attempts_;
    /// (client, server, protocol) of ESP and GRE tunnels already recorded; cleared when full.
    std::unordered_set<std::string> tunnels_seen_;
    flow::FlowTable flows_;
    EngineCounters counters_;
    std::uint64_t next_expiry_check_us_ = 0;
};

}  // namespace schoolgate::gateway::engine
