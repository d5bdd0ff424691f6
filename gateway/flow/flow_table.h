#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "gateway/decode/packet_view.h"
#include "gateway/flow/client_shares.h"
#include "gateway/flow/flow_entry.h"

namespace schoolgate::gateway::flow {

struct FlowTableConfig {
    std::uint32_t capacity = 1u << 18;          ///< fixed at start-up; memory does not grow past it
    std::uint64_t tcp_idle_timeout_us = 300'000'000;  ///< idle TCP flows end after 5 minutes of packet time
    std::uint64_t udp_idle_timeout_us = 60'000'000;   ///< idle UDP flows (and other IP protocols') after 1 minute
    std::uint64_t hash_seed = 0;                ///< keyed hashing; the daemon passes a random seed
    /// A client's fair share: flows one client (one address) may hold in the Inspecting stage at once.
    /// Opening one more ends its own inspecting flow that has been idle longest (FlowEndReason::ClientShare),
    /// so one device cannot fill the table or the inspection memory and push out other clients' flows
    /// before they are named. 0 means kDefaultClientShareDivisor-th of the capacity, at least
    /// kMinClientShare. Clients are counted in keyed-hash buckets (ClientShares says why and what it costs).
    std::uint32_t max_inspecting_per_client = 0;

    /// 1/64 of the table: 4,096 flows of the default 262,144. A browser keeps far fewer connections in
    /// their first packets (Chromium's pool allows 256 sockets in all), so only a flood reaches it.
    static constexpr std::uint32_t kDefaultClientShareDivisor = 64;
    static constexpr std::uint32_t kMinClientShare = 256;
    /// The share in force for this configuration.
    std::uint32_t client_share() const noexcept;
};

enum class FlowEndReason : std::uint8_t {
    IdleTimeout,
    Evicted,      ///< the table was full: the longest-idle flow made room
    ClientShare,  ///< its client opened one more flow than its share: its own idlest inspecting flow made room
    Shutdown,
};

struct FlowTableCounters {
    std::uint64_t created = 0;
    std::uint64_t expired = 0;
    std::uint64_t evicted = 0;  ///< "flow.table_full": the longest-idle flow made room for a new one
    /// "flow.client_share_exceeded": a client over its share gave up its own idlest inspecting flow
    std::uint64_t client_share_evicted = 0;

    FlowTableCounters& operator+=(const FlowTableCounters& other) noexcept {
        created += other.created;
        expired += other.expired;
        evicted += other.evicted;
        client_share_evicted += other.client_share_evicted;
        return *this;
    }
};

/// The bounded flow table: both directions of a 5-tuple (plus VLAN) map to one entry. Open addressing
/// with linear probing over a power-of-two index, entries in a fixed array allocated once, and one idle
/// list per transport ordered by last packet time, so expiry and eviction of the longest-idle flow are
/// O(1) each. Each client's inspecting flows are also listed (ClientShares) so that a client over its share
/// (FlowTableConfig::max_inspecting_per_client) gives up its own idlest one, also in O(1). Every flow ended
/// early goes through the end handler, which decides it on what it had, and is counted. Time is packet
/// time only. Not thread-safe: one table per worker.
class FlowTable {
public:
    using EndHandler = std::function<void(FlowEntry&, FlowEndReason)>;

    FlowTable(const FlowTableConfig& config, EndHandler on_end);
    FlowTable(const FlowTable&) = delete;
    FlowTable& operator=(const FlowTable&) = delete;

    struct Hit {
        FlowEntry* flow;
        classifiers::Direction direction;  ///< of this packet, relative to the side that opened the flow
        bool created;
    };
    /// Finds or creates the packet's flow and marks it active at `packet.ts`. A new flow whose client already
    /// holds its share of inspecting flows first ends the client's idlest one (FlowEndReason::ClientShare);
    /// when the table is full the longest-idle flow is ended (FlowEndReason::Evicted) first.
    Hit track(const decode::PacketView& packet);
    /// The flow (one of this table's) leaves the Inspecting stage: it no longer counts against its
    /// client's share.
    void mark_settled(FlowEntry& flow) noexcept;
    /// The flow (one of this table's) starts again as a new connection on the same key: a new id, back in
    /// the Inspecting stage and counted against its client's share. The caller resets inspection state.
    void reopen(FlowEntry& flow);
    /// Ends every flow idle for longer than its transport's timeout at `now_us`.
    void expire_idle(std::uint64_t now_us);
    /// Ends every flow (FlowEndReason::Shutdown), oldest first.
    void end_all();

    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return entries_.size(); }
    std::uint32_t client_share() const noexcept { return client_share_; }
    /// Inspecting flows counted against `client`'s share now (its share bucket's: ClientShares).
    std::uint32_t inspecting_flows_of(const net::IpAddress& client) const noexcept { return shares_.inspecting(client); }
    const FlowTableCounters& counters() const noexcept { return counters_; }

private:
    static constexpr std::uint32_t kNil = 0xffffffffu;
    struct IdleList {
        std::uint32_t newest = kNil;
        std::uint32_t oldest = kNil;
    };

    std::uint32_t find(const FlowKey& key, std::uint64_t hash) const noexcept;
    std::uint32_t insert(const FlowKey& key, std::uint64_t hash);
    void remove(std::uint32_t slot);
    void end_flow(std::uint32_t slot, FlowEndReason reason);
    void evict_longest_idle();
    void enforce_client_share(const net::IpAddress& client);
    std::uint32_t longest_idle() const noexcept;
    void link_newest(std::uint32_t slot);
    void unlink(std::uint32_t slot);
    IdleList& list_of(std::uint32_t slot) noexcept;
    std::uint64_t timeout_of(const FlowEntry& entry) const noexcept;

    FlowTableConfig config_;
    EndHandler on_end_;
    std::vector<FlowEntry> entries_;
    std::vector<std::uint64_t> entry_hash_;     ///< per slot, for moving index cells on removal
    std::vector<std::uint32_t> index_;          ///< slot + 1, or 0 for an empty cell
    std::vector<std::uint32_t> free_slots_;
    std::array<IdleList, 3> idle_lists_{};      ///< [Tcp], [Udp], [Other]
    ClientShares shares_;
    std::uint32_t client_share_;
    std::size_t size_ = 0;
    std::uint64_t next_id_ = 1;
    FlowTableCounters counters_;
};

}  // namespace schoolgate::gateway::flow
