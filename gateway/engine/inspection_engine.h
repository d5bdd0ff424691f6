#pragma once

#include <cstdint>
#include <memory>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/dns/tunnel_detector.h"
#include "classifiers/ndpi/ndpi_module.h"
#include "gateway/decode/packet_decoder.h"
#include "gateway/engine/alert_raiser.h"
#include "gateway/engine/engine_counters.h"
#include "gateway/engine/frame_consumer.h"
#include "gateway/engine/frame_decoder.h"
#include "gateway/events/event_sink.h"
#include "gateway/flow/flow_table.h"
#include "gateway/identity/identity_snapshot.h"
#include "gateway/policy/flow_assessment.h"
#include "gateway/policy/policy_snapshot.h"
#include "gateway/policy/subject_placement.h"

namespace schoolgate::gateway::engine {

struct EngineConfig {
    flow::FlowTableConfig flows;
    /// Packets of one flow that classifiers may see before it is settled whatever they say. A conversation
    /// (Observations::conversation: DNS, HTTP/1.x, QUIC Initials) that has named a message is not held to it,
    /// nor to the cap below: it is read to its end or limits::kMaxConversationMessages (conversation.cc). Packets that
    /// give a claimed classifier new in-order bytes do not count (a ClientHello in 1-byte segments is read
    /// to the end); limits::kMaxReassemblyBytes bounds those.
    std::uint32_t inspection_packet_budget = 64;
    /// Safety net for packets that do not count against the budget (bare ACKs, duplicates, junk datagrams,
    /// which a pupil can send without end): an unsettled flow is settled after this many packets that did not
    /// move a claimed classifier on, whatever they were, and counted (inspection_packet_cap). Packets that do
    /// move it on are bounded by limits::kMaxReassemblyBytes instead. The kernel's queue window
    /// (inline.inspect_packets) must be larger, so that the engine, not the kernel, ends inspection.
    std::uint32_t inspection_packet_cap = 256;  ///< budget and cap: below 65,535 (FlowEntry counts in 16 bits)
    std::size_t dns_cache_capacity = 65536;
    /// Record allowed flows too (replay --all-flows). Off in production: data minimisation.
    bool record_allowed = false;
    /// Ask nDPI about flows no classifier of ours claims, for their first packets.
    bool ndpi_second_opinion = true;
    /// Every packet the server sends is seen (inline: both directions are queued until a flow is decided),
    /// so a client acknowledging more than the server sent is sending a decoy. False for a mirror port or
    /// a capture file, which can miss packets (stream::TcpDecoyJudge).
    bool sees_every_server_packet = false;
    /// Which policy network each MAC's IPv4 traffic came from, to place the same device's IPv6 flows
    /// (policy::place_subject). Shared by every copy of this config: one memory for all of an engine's workers.
    std::shared_ptr<policy::LinkNetworkMemory> link_networks = std::make_shared<policy::LinkNetworkMemory>();
    /// Who holds which address (DHCP leases, RADIUS sessions) at start; null when there are no identity
    /// sources. Live engines are handed newer snapshots with set_identity().
    std::shared_ptr<const identity::IdentitySnapshot> identity;
};

/// The packet path of one worker: flow table -> inspectors (our classifiers, nDPI's second opinion) ->
/// assessment (policy::assess_flow, the same one explain and the console use) -> events and alerts. Every
/// message of a conversation (each DNS query, HTTP/1.x request, QUIC ClientHello) is assessed the same way. Every
/// IP flow goes through the flow table: TCP and UDP by their ports, other IP protocols (ESP, GRE, ICMP) by
/// address pair and protocol. A flow is inspected until an inspector is done with it or its budget runs
/// out; after that each of its packets costs one table lookup and a counter. Time is the packet's own
/// timestamp. Not thread-safe: one engine per worker.
class InspectionEngine final : public FrameConsumer {
public:
    InspectionEngine(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                     events::EventSink& sink);

    /// Decodes the frame (FrameDecoder: IP fragments reassembled) and inspects it: the way in for every source.
    PacketVerdict on_frame(const Frame& frame) override;
    /// The same for a frame decoded already (ShardedEngine's workers, tests): an IP packet is inspected,
    /// the rest is counted (not inspected, fragment or malformed) and passed.
    PacketVerdict on_decoded(const decode::DecodeOutcome& outcome, const decode::PacketView& packet,
                             std::size_t wire_bytes);
    void finish() override {
        decoder_.finish(counters_);
        flows_.end_all();
    }
    /// Installs a new policy; flows decided so far keep their verdicts.
    void set_snapshot(std::shared_ptr<const policy::PolicySnapshot> snapshot);
    /// Installs a new identity snapshot (IdentityStore); flows decided so far keep their subjects.
    void set_identity(std::shared_ptr<const identity::IdentitySnapshot> identity) noexcept { identity_ = std::move(identity); }

    EngineCounters counters() const override {
        auto named = counters_;
        named.name_flow_counts(snapshot_->policy->catalogue());
        return named;
    }
    flow::FlowTableCounters flow_counters() const override { return flows_.counters(); }
    /// Without copying; its decided flows by service and verdict are not named yet (counters() names them).
    const EngineCounters& live_counters() const noexcept { return counters_; }
    /// The packet on_frame() last decoded, valid until the next call.
    const decode::PacketView& last_packet() const noexcept { return decoder_.view(); }
    const flow::FlowTable& flow_table() const noexcept { return flows_; }
    const classifiers::dns::AddressNameCache& dns_cache() const noexcept { return dns_cache_; }

private:
    PacketVerdict on_packet(const decode::PacketView& packet);
    void inspect(flow::FlowEntry& flow, classifiers::Direction direction, const decode::PacketView& packet);
    // tcp_screen.cc: what the server will receive.
    bool is_decoy(flow::FlowEntry& flow, classifiers::Direction direction, const decode::PacketView& packet);
    void record_decoy(flow::FlowEntry& flow, std::string why);
    bool starts_new_connection(const flow::FlowEntry& flow, classifiers::Direction direction,
                               const decode::PacketView& packet) const noexcept;
    void restart_connection(flow::FlowEntry& flow, const decode::PacketView& syn);
    void settle_padded(flow::FlowEntry& flow);
    classifiers::InspectStatus feed_inspector(flow::FlowEntry& flow, classifiers::Direction direction,
                                              const decode::PacketView& packet);
    // ndpi_asking.cc: nDPI's second opinion, asked only while its answer can still be read.
    void ask_ndpi(flow::FlowEntry& flow, const decode::PacketView& packet);
    void finish_ndpi(flow::FlowEntry& flow);
    void settle(flow::FlowEntry& flow, std::uint64_t at_us);
    /// When a decision's event is written: as the policy says (not allowed, reportable, or --all-flows);
    /// always (a conversation no longer read); or for a conversation's later message, as the policy says
    /// but not again for techniques an earlier message's event already reported.
    enum class Recording : std::uint8_t { AsPolicySays, Always, LaterMessage };
    void decide_and_record(flow::FlowEntry& flow, std::uint64_t at_us, Recording recording = Recording::AsPolicySays);
    void decide_messages(flow::FlowEntry& flow);
    void follow_conversation(flow::FlowEntry& flow, classifiers::InspectStatus status);
    void end_conversation(flow::FlowEntry& flow);
    void name_from_dns(const flow::FlowEntry& flow, classifiers::Observations& observations, std::uint64_t at_us);
    void record(const flow::FlowEntry& flow, const classifiers::Observations& observations,
                const config::Subject& subject, const policy::Assessment& assessment, std::uint64_t at_us);
    void on_flow_end(flow::FlowEntry& flow, flow::FlowEndReason reason);

    EngineConfig config_;
    std::shared_ptr<const policy::PolicySnapshot> snapshot_;
    std::shared_ptr<const identity::IdentitySnapshot> identity_;
    events::EventSink& sink_;
    classifiers::dns::AddressNameCache dns_cache_;
    classifiers::dns::TunnelDetector tunnel_detector_;
    std::unique_ptr<classifiers::ndpi::NdpiModule> ndpi_;  ///< null when the second opinion is off
    AlertRaiser alerts_;
    flow::FlowTable flows_;
    EngineCounters counters_;
    FrameDecoder decoder_;  ///< on_frame's decoding buffer and IP reassembly
    std::uint64_t next_expiry_check_us_ = 0;
};

}  // namespace schoolgate::gateway::engine
