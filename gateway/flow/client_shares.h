#pragma once

#include <cstdint>
#include <vector>

#include "common/net/ip_address.h"
#include "gateway/flow/flow_entry.h"

namespace schoolgate::gateway::flow {

/// Each client's flows in the Inspecting stage (the ones that still hold inspector state), idle longest
/// first, so that the flow table can hold one device to a fair share: a client that opens flow after flow
/// gives up its own idlest inspecting flow, not someone else's.
///
/// Clients (addresses: the side that opened the flow) are counted in share buckets chosen by a keyed hash
/// of the address, one bucket per table slot, allocated once: no allocation and one cache line per new
/// flow, which a per-client hash map (a node per client, allocated and freed with its flows) cost 1.5x the
/// flow-setup rate under a random-address flood. The price is that clients in one bucket share its count:
/// with a per-table key nobody can choose to share a bucket, and with one bucket per slot a flooding
/// client shares its bucket with another active client only by chance (active clients / capacity). Even
/// then the flow given up is the flooder's: idlest() walks past other clients' flows
/// (kMaxWalk at most) to the idlest flow of the client that asks. The lists run through the FlowEntry fields
/// client_older/client_newer (slot indices). Every operation is O(1). Not thread-safe: one per flow table.
class ClientShares {
public:
    static constexpr std::uint32_t kNil = 0xffffffffu;
    /// Flows of other clients idlest() steps over before it gives up looking for the client's own.
    static constexpr std::uint32_t kMaxWalk = 8;

    /// `table_capacity` buckets (rounded up to a power of two); `seed` keys the address hash.
    ClientShares(std::size_t table_capacity, std::uint64_t seed);

    /// Starts counting the flow at `slot` as its client's newest inspecting flow.
    void add(std::vector<FlowEntry>& entries, std::uint32_t slot) noexcept;
    /// The flow had a packet: it becomes its client's newest. Nothing for a flow not counted.
    void touch(std::vector<FlowEntry>& entries, std::uint32_t slot) noexcept;
    /// Stops counting the flow (it settled or ended). Nothing for a flow not counted.
    void remove(std::vector<FlowEntry>& entries, std::uint32_t slot) noexcept;

    /// Inspecting flows counted in `client`'s share (its bucket's).
    std::uint32_t inspecting(const net::IpAddress& client) const noexcept { return buckets_[bucket_of(client)].inspecting; }
    /// The slot of `client`'s inspecting flow idle longest, found within kMaxWalk of its bucket's idlest;
    /// else the bucket's idlest; kNil when the bucket holds none.
    std::uint32_t idlest(const std::vector<FlowEntry>& entries, const net::IpAddress& client) const noexcept;

private:
    struct Bucket {
        std::uint32_t inspecting = 0;
        std::uint32_t oldest = kNil;
        std::uint32_t newest = kNil;
    };
    /// A new flow asks twice in a row for the same client (inspecting(), then add()): hashed once.
    std::size_t bucket_of(const net::IpAddress& client) const noexcept {
        if (!(client == last_client_)) {
            last_client_ = client;
            last_bucket_ = client.keyed_hash(seed_) & mask_;
        }
        return last_bucket_;
    }
    void link_newest(std::vector<FlowEntry>& entries, Bucket& bucket, std::uint32_t slot) noexcept;
    void unlink(std::vector<FlowEntry>& entries, Bucket& bucket, std::uint32_t slot) noexcept;

    std::vector<Bucket> buckets_;
    std::size_t mask_;
    std::uint64_t seed_;
    mutable net::IpAddress last_client_;  ///< the address bucket_of() hashed last, and its bucket
    mutable std::size_t last_bucket_;
};

}  // namespace schoolgate::gateway::flow
