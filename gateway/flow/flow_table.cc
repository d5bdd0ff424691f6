#include "gateway/flow/flow_table.h"

#include <bit>

#include "common/net/keyed_hash.h"

namespace schoolgate::gateway::flow {

namespace {

using classifiers::Direction;

// The share buckets' key differs from the flow index's, so that one tells nothing about the other.
constexpr std::uint64_t kClientShareSeedSalt = 0x636c69656e747321ULL;

// Which side opened the flow. A SYN names its sender; a SYN-ACK names its receiver. Without either (the
// capture started mid-connection), the side using a well-known port is taken to be the server.
bool sender_is_client(const decode::PacketView& packet) noexcept {
    if (packet.transport == classifiers::Transport::Tcp && (packet.tcp_flags & decode::kTcpSyn)) {
        return (packet.tcp_flags & decode::kTcpAck) == 0;
    }
    constexpr std::uint16_t kFirstEphemeralPort = 1024;
    return !(packet.src_port < kFirstEphemeralPort && packet.dst_port >= kFirstEphemeralPort);
}

}  // namespace

std::uint32_t FlowTableConfig::client_share() const noexcept {
    if (max_inspecting_per_client != 0) return max_inspecting_per_client;
    return std::max(capacity / kDefaultClientShareDivisor, kMinClientShare);
}

FlowTable::FlowTable(const FlowTableConfig& config, EndHandler on_end)
    : config_(config),
      on_end_(std::move(on_end)),
      shares_(std::max<std::uint32_t>(config.capacity, 1), net::mix64(config.hash_seed ^ kClientShareSeedSalt)),
      client_share_(config.client_share()) {
    const std::uint32_t capacity = std::max<std::uint32_t>(config_.capacity, 1);
    entries_.resize(capacity);
    entry_hash_.resize(capacity);
    // At most half full keeps linear-probe chains short.
    index_.assign(std::bit_ceil(std::size_t{capacity} * 2), 0);
    free_slots_.reserve(capacity);
    for (std::uint32_t slot = capacity; slot > 0; --slot) free_slots_.push_back(slot - 1);
}

std::uint32_t FlowTable::find(const FlowKey& key, std::uint64_t hash) const noexcept {
    const std::size_t mask = index_.size() - 1;
    for (std::size_t cell = hash & mask;; cell = (cell + 1) & mask) {
        const std::uint32_t value = index_[cell];
        if (value == 0) return kNil;
        if (entry_hash_[value - 1] == hash && entries_[value - 1].key == key) return value - 1;
    }
}

std::uint32_t FlowTable::insert(const FlowKey& key, std::uint64_t hash) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    const std::size_t mask = index_.size() - 1;
    std::size_t cell = hash & mask;
    while (index_[cell] != 0) cell = (cell + 1) & mask;
    index_[cell] = slot + 1;
    entry_hash_[slot] = hash;
    entries_[slot] = FlowEntry{};
    entries_[slot].key = key;
    ++size_;
    return slot;
}

// Backward-shift deletion (Knuth 6.4, algorithm R): later cells of the probe chain move up so that no
// tombstones accumulate under churn.
void FlowTable::remove(std::uint32_t slot) {
    const std::size_t mask = index_.size() - 1;
    std::size_t hole = entry_hash_[slot] & mask;
    while (index_[hole] != slot + 1) hole = (hole + 1) & mask;
    for (std::size_t next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
        const std::size_t home = entry_hash_[index_[next] - 1] & mask;
        const bool movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
        if (movable) {
            index_[hole] = index_[next];
            hole = next;
        }
    }
    index_[hole] = 0;
    entries_[slot].inspector.reset();
    free_slots_.push_back(slot);
    --size_;
}

FlowTable::IdleList& FlowTable::list_of(std::uint32_t slot) noexcept {
    return idle_lists_[static_cast<std::size_t>(entries_[slot].key.transport)];
}

std::uint64_t FlowTable::timeout_of(const FlowEntry& entry) const noexcept {
    return entry.key.transport == classifiers::Transport::Tcp ? config_.tcp_idle_timeout_us
                                                              : config_.udp_idle_timeout_us;
}

void FlowTable::link_newest(std::uint32_t slot) {
    auto& list = list_of(slot);
    auto& entry = entries_[slot];
    entry.lru_prev = kNil;
    entry.lru_next = list.newest;
    if (list.newest != kNil) entries_[list.newest].lru_prev = slot;
    list.newest = slot;
    if (list.oldest == kNil) list.oldest = slot;
}

void FlowTable::unlink(std::uint32_t slot) {
    auto& list = list_of(slot);
    auto& entry = entries_[slot];
    if (entry.lru_prev != kNil) entries_[entry.lru_prev].lru_next = entry.lru_next; else list.newest = entry.lru_next;
    if (entry.lru_next != kNil) entries_[entry.lru_next].lru_prev = entry.lru_prev; else list.oldest = entry.lru_prev;
}

void FlowTable::end_flow(std::uint32_t slot, FlowEndReason reason) {
    if (on_end_) on_end_(entries_[slot], reason);
    shares_.remove(entries_, slot);
    unlink(slot);
    remove(slot);
}

void FlowTable::mark_settled(FlowEntry& flow) noexcept {
    flow.stage = FlowStage::Settled;
    // flow is an element of entries_ (the caller's contract), so the difference is its slot.
    shares_.remove(entries_, static_cast<std::uint32_t>(&flow - entries_.data()));
}

// The new flow's client gives up its own idlest inspecting flow rather than letting the table's global
// eviction take someone else's. Ending it (not settling it in place) means a flow of the client's that was
// only waiting for its first bytes starts inspection afresh when they come: the cap cannot be used to get
// a flow settled unnamed.
void FlowTable::enforce_client_share(const net::IpAddress& client) {
    if (shares_.inspecting(client) < client_share_) return;
    ++counters_.client_share_evicted;
    end_flow(shares_.idlest(entries_, client), FlowEndReason::ClientShare);  // not kNil: the bucket holds flows
}

std::uint32_t FlowTable::longest_idle() const noexcept {
    // The oldest of each transport's oldest: ties go to the earlier list (TCP, then UDP), as before.
    std::uint32_t idlest = kNil;
    for (const auto& list : idle_lists_) {
        const std::uint32_t oldest = list.oldest;
        if (oldest == kNil) continue;
        if (idlest == kNil || entries_[oldest].last_seen_us < entries_[idlest].last_seen_us) idlest = oldest;
    }
    return idlest;
}

void FlowTable::evict_longest_idle() {
    ++counters_.evicted;
    end_flow(longest_idle(), FlowEndReason::Evicted);
}

void FlowTable::reopen(FlowEntry& flow) {
    const auto slot = static_cast<std::uint32_t>(&flow - entries_.data());
    if (flow.stage == FlowStage::Settled) {
        enforce_client_share(flow.client_address());  // never ends this flow: a settled flow is not counted
        flow.stage = FlowStage::Inspecting;
        shares_.add(entries_, slot);
    }
    flow.id = next_id_++;
    flow.first_seen_us = flow.last_seen_us;
    flow.packets = 1;
    ++counters_.created;
}

FlowTable::Hit FlowTable::track(const decode::PacketView& packet) {
    bool sender_is_low = true;
    const FlowKey key = make_flow_key(packet.src, packet.src_port, packet.dst, packet.dst_port, packet.vlan_id,
                                      packet.transport, sender_is_low, packet.ip_protocol);
    const std::uint64_t hash = hash_flow_key(key, config_.hash_seed);
    const auto now_us = static_cast<std::uint64_t>(packet.ts.time_since_epoch().count());

    std::uint32_t slot = find(key, hash);
    const bool created = slot == kNil;
    if (created) {
        const bool client_is_low = sender_is_client(packet) == sender_is_low;
        enforce_client_share(client_is_low ? key.low_address : key.high_address);
        if (free_slots_.empty()) evict_longest_idle();
        slot = insert(key, hash);
        auto& entry = entries_[slot];
        entry.id = next_id_++;
        entry.first_seen_us = now_us;
        entry.client_is_low = client_is_low;
        ++counters_.created;
        shares_.add(entries_, slot);
    } else {
        shares_.touch(entries_, slot);
    }
    // A flow's packets come in bursts: one already at the head of its idle list stays there, and its
    // neighbours' entries are not touched.
    const bool move_to_head = created || list_of(slot).newest != slot;
    if (move_to_head && !created) unlink(slot);
    auto& entry = entries_[slot];
    // Captures can carry slightly out-of-order timestamps; time never runs backwards for a flow.
    entry.last_seen_us = std::max(entry.last_seen_us, now_us);
    ++entry.packets;
    if (move_to_head) link_newest(slot);
    const Direction direction = (sender_is_low == entry.client_is_low) ? Direction::ClientToServer
                                                                       : Direction::ServerToClient;
    return {&entry, direction, created};
}

void FlowTable::expire_idle(std::uint64_t now_us) {
    for (auto& list : idle_lists_) {
        while (list.oldest != kNil) {
            const auto& oldest = entries_[list.oldest];
            if (oldest.last_seen_us + timeout_of(oldest) > now_us) break;
            ++counters_.expired;
            end_flow(list.oldest, FlowEndReason::IdleTimeout);
        }
    }
}

void FlowTable::end_all() {
    while (size_ > 0) end_flow(longest_idle(), FlowEndReason::Shutdown);
}

}  // namespace schoolgate::gateway::flow
