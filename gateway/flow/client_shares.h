#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "common/net/ip_address.h"
#include "gateway/flow/flow_entry.h"

namespace schoolgate::gateway::flow {

/// Each client's flows in the Inspecting stage (the ones that still hold inspector state), idle longest
/// first, so that the flow table can hold one device to a fair share: a client that opens flow after flow
/// gives up its own idlest inspecting flow, not someone else's. The lists run through the FlowEntry fields
/// client_older/client_newer (slot indices into the table's entries); every operation is O(1). A client is
/// its address (the side that opened the flow). Clients are hashed with a per-table key: addresses are a
/// sender's choice. Holds one record per client with an inspecting flow (so at most the table's capacity),
/// allocated as clients come rather than up front: the table's preallocated bytes per slot stay as they
/// were, at the cost of an occasional (amortised O(1)) rehash while a flood adds clients. Not thread-safe:
/// one per flow table.
class ClientShares {
public:
    static constexpr std::uint32_t kNil = 0xffffffffu;

    /// Starts counting the flow at `slot` as its client's newest inspecting flow.
    void add(std::vector<FlowEntry>& entries, std::uint32_t slot);
    /// The flow had a packet: it becomes its client's newest. Nothing for a flow not counted.
    void touch(std::vector<FlowEntry>& entries, std::uint32_t slot);
    /// Stops counting the flow (it settled or ended). Nothing for a flow not counted.
    void remove(std::vector<FlowEntry>& entries, std::uint32_t slot);

    /// Inspecting flows `client` holds.
    std::uint32_t inspecting(const net::IpAddress& client) const noexcept;
    /// The slot of `client`'s inspecting flow idle longest, or kNil when it holds none.
    std::uint32_t idlest(const net::IpAddress& client) const noexcept;
    std::size_t clients() const noexcept { return shares_.size(); }

private:
    struct Share {
        std::uint32_t inspecting = 0;
        std::uint32_t oldest = kNil;
        std::uint32_t newest = kNil;
    };
    void link_newest(std::vector<FlowEntry>& entries, Share& share, std::uint32_t slot) noexcept;
    void unlink(std::vector<FlowEntry>& entries, Share& share, std::uint32_t slot) noexcept;

    std::unordered_map<net::IpAddress, Share, net::KeyedIpAddressHash> shares_;
};

}  // namespace schoolgate::gateway::flow
