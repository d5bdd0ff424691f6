#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "gateway/decode/packet_view.h"
#include "gateway/flow/flow_entry.h"

namespace schoolgate::gateway::flow {

struct FlowTableConfig {
    std::uint32_t capacity = 1u << 18;          ///< fixed at start-up; memory does not grow past it
    std::uint64_t tcp_idle_timeout_us = 300'000'000;  ///< idle TCP flows end after 5 minutes of packet time
    std::uint64_t udp_idle_timeout_us = 60'000'000;   ///< idle UDP flows (and other IP protocols') after 1 minute
    std::uint64_t hash_seed = 0;                ///< keyed hashing; the daemon passes a random seed
};

enum class FlowEndReason : std::uint8_t { IdleTimeout, Evicted, Shutdown };

struct FlowTableCounters {
    std::uint64_t created = 0;
    std::uint64_t expired = 0;
    std::uint64_t evicted = 0;  ///< "flow.table_full": the longest-idle flow made room for a new one

    FlowTableCounters& operator+=(const FlowTableCounters& other) noexcept {
        created += other.created;
        expired += other.expired;
        evicted += other.evicted;
        return *this;
    }
};

/// The bounded flow table: both directions of a 5-tuple (plus VLAN) map to one entry. Open addressing
/// with linear probing over a power-of-two index, entries in a fixed array allocated once, and one idle
/// list per transport ordered by last packet time, so expiry and eviction of the longest-idle flow are
/// O(1) each. Time is packet time only. Not thread-safe: one table per worker.
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
    /// Finds or creates the packet's flow and marks it active at `packet.ts`. When the table is full the
    /// longest-idle flow is ended (FlowEndReason::Evicted) first.
    Hit track(const decode::PacketView& packet);
    /// Ends every flow idle for longer than its transport's timeout at `now_us`.
    void expire_idle(std::uint64_t now_us);
    /// Ends every flow (FlowEndReason::Shutdown), oldest first.
    void end_all();

    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return entries_.size(); }
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
    std::size_t size_ = 0;
    std::uint64_t next_id_ = 1;
    FlowTableCounters counters_;
};

}  // namespace schoolgate::gateway::flow
