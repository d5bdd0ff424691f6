#pragma once

#include <cstdint>
#include <memory>

#include "classifiers/flow_inspector.h"
#include "classifiers/ndpi/ndpi_opinion.h"
#include "common/net/mac_address.h"
#include "gateway/flow/flow_key.h"

namespace schoolgate::gateway::flow {

enum class FlowStage : std::uint8_t {
    Inspecting,  ///< classifiers still see its packets
    Settled,     ///< decided and done: later packets cost one lookup and a counter
};

/// One flow's state in the table. Small on purpose: inspection state lives behind `inspector` only
/// while the flow is being inspected and is freed when it settles.
struct FlowEntry {
    // 128 bytes, two cache lines, in this order: the table's probe reads `key` and the packet path the
    // fields after it, so the one-byte fields fill the key's tail padding (it is 42 bytes) and the counters
    // that only ever count to the inspection cap are 16 bits (a 136-byte entry cost FlowTable::find about
    // 1 % of replay's time; static_assert below).
    FlowKey key;
    bool counted_in_client_share = false;  ///< Inspecting, and counted against its client's share
    FlowStage stage = FlowStage::Inspecting;
    bool client_is_low = true;  ///< which side of the canonical key opened the flow
    bool decided = false;       ///< a verdict has been reached (and recorded)
    bool blocked = false;       ///< the verdict (or a technique's action) blocks this flow
    bool recorded_host = false;  ///< the last decision already knew the flow's name
    std::uint64_t id = 0;  ///< unique per table, in creation order
    std::uint64_t first_seen_us = 0;
    std::uint64_t last_seen_us = 0;
    std::uint32_t packets = 0;
    /// Packets counted against the inspection budget (news only), and client packets with nothing new (bare
    /// ACKs, duplicates, junk, decoys). Both stop at 65,535 (count_up): they are only compared with the
    /// budget and the cap, which are far below, and a long conversation keeps counting.
    std::uint16_t inspected_packets = 0;
    std::uint16_t padding_packets = 0;
    std::uint32_t lru_prev = 0;  ///< neighbours in the per-transport idle list (slot indices)
    std::uint32_t lru_next = 0;
    std::uint32_t client_older = 0;  ///< neighbours among its client's inspecting flows (ClientShares)
    std::uint32_t client_newer = 0;
    std::uint32_t client_isn = 0;
    net::MacAddress client_mac;  ///< from the client's first frame that carried one (device identification)
    bool message_blocked = false;  ///< a conversation's last decided message was blocked
    std::uint8_t recorded_techniques = 0;  ///< techniques known at the last decision (a new one re-decides)
    /// The client's SYN began this connection (its ISN is client_isn): a SYN with another ISN on the same
    /// 5-tuple is a new connection, inspected afresh (a decoy sent before the SYN must not name it).
    bool client_syn_seen = false;
    std::uint8_t first_client_ttl = 0;  ///< the TTL of the first client packet seen (a decoy's, if it came first)
    std::unique_ptr<classifiers::FlowInspector> inspector;
    /// nDPI's second opinion: its state only while an unclaimed flow is inspected, freed when the flow
    /// settles or nDPI is done.
    classifiers::ndpi::NdpiOpinion ndpi;

    const net::IpAddress& client_address() const noexcept { return client_is_low ? key.low_address : key.high_address; }
    const net::IpAddress& server_address() const noexcept { return client_is_low ? key.high_address : key.low_address; }
    std::uint16_t client_port() const noexcept { return client_is_low ? key.low_port : key.high_port; }
    std::uint16_t server_port() const noexcept { return client_is_low ? key.high_port : key.low_port; }
};

static_assert(sizeof(FlowEntry) <= 128, "FlowEntry: keep it in two cache lines (see the field order)");

/// ++counter, stopping at its largest value instead of wrapping.
inline void count_up(std::uint16_t& counter) noexcept {
    if (counter != UINT16_MAX) ++counter;
}

}  // namespace schoolgate::gateway::flow
