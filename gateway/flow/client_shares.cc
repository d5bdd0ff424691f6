#include "gateway/flow/client_shares.h"

namespace schoolgate::gateway::flow {


void ClientShares::link_newest(std::vector<FlowEntry>& entries, Share& share, std::uint32_t slot) noexcept {
    auto& entry = entries[slot];
    entry.client_older = share.newest;
    entry.client_newer = kNil;
    if (share.newest != kNil) entries[share.newest].client_newer = slot;
    share.newest = slot;
    if (share.oldest == kNil) share.oldest = slot;
}

void ClientShares::unlink(std::vector<FlowEntry>& entries, Share& share, std::uint32_t slot) noexcept {
    auto& entry = entries[slot];
    if (entry.client_older != kNil) entries[entry.client_older].client_newer = entry.client_newer; else share.oldest = entry.client_newer;
    if (entry.client_newer != kNil) entries[entry.client_newer].client_older = entry.client_older; else share.newest = entry.client_older;
}

void ClientShares::add(std::vector<FlowEntry>& entries, std::uint32_t slot) {
    auto& entry = entries[slot];
    if (entry.counted_in_client_share) return;
    auto& share = shares_[entry.client_address()];
    link_newest(entries, share, slot);
    ++share.inspecting;
    entry.counted_in_client_share = true;
}

void ClientShares::touch(std::vector<FlowEntry>& entries, std::uint32_t slot) {
    auto& entry = entries[slot];
    if (!entry.counted_in_client_share) return;
    const auto found = shares_.find(entry.client_address());
    // Found: a counted flow's client has a record until its last counted flow is removed.
    if (found == shares_.end() || found->second.newest == slot) return;
    unlink(entries, found->second, slot);
    link_newest(entries, found->second, slot);
}

void ClientShares::remove(std::vector<FlowEntry>& entries, std::uint32_t slot) {
    auto& entry = entries[slot];
    if (!entry.counted_in_client_share) return;
    entry.counted_in_client_share = false;
    const auto found = shares_.find(entry.client_address());
    if (found == shares_.end()) return;
    unlink(entries, found->second, slot);
    if (--found->second.inspecting == 0) shares_.erase(found);  // records only for clients that hold flows
}

std::uint32_t ClientShares::inspecting(const net::IpAddress& client) const noexcept {
    const auto found = shares_.find(client);
    return found == shares_.end() ? 0 : found->second.inspecting;
}

std::uint32_t ClientShares::idlest(const net::IpAddress& client) const noexcept {
    const auto found = shares_.find(client);
    return found == shares_.end() ? kNil : found->second.oldest;
}

}  // namespace schoolgate::gateway::flow
