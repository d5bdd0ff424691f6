#include "gateway/flow/client_shares.h"

#include <bit>

namespace schoolgate::gateway::flow {

ClientShares::ClientShares(std::size_t table_capacity, std::uint64_t seed)
    : buckets_(std::bit_ceil(std::max<std::size_t>(table_capacity, 1))),
      mask_(buckets_.size() - 1),
      seed_(seed),
      last_bucket_(last_client_.keyed_hash(seed_) & mask_) {}

void ClientShares::link_newest(std::vector<FlowEntry>& entries, Bucket& bucket, std::uint32_t slot) noexcept {
    auto& entry = entries[slot];
    entry.client_older = bucket.newest;
    entry.client_newer = kNil;
    if (bucket.newest != kNil) entries[bucket.newest].client_newer = slot;
    bucket.newest = slot;
    if (bucket.oldest == kNil) bucket.oldest = slot;
}

void ClientShares::unlink(std::vector<FlowEntry>& entries, Bucket& bucket, std::uint32_t slot) noexcept {
    auto& entry = entries[slot];
    if (entry.client_older != kNil) entries[entry.client_older].client_newer = entry.client_newer; else bucket.oldest = entry.client_newer;
    if (entry.client_newer != kNil) entries[entry.client_newer].client_older = entry.client_older; else bucket.newest = entry.client_older;
}

void ClientShares::add(std::vector<FlowEntry>& entries, std::uint32_t slot) noexcept {
    auto& entry = entries[slot];
    if (entry.counted_in_client_share) return;
    auto& bucket = buckets_[bucket_of(entry.client_address())];
    link_newest(entries, bucket, slot);
    ++bucket.inspecting;
    entry.counted_in_client_share = true;
}

void ClientShares::touch(std::vector<FlowEntry>& entries, std::uint32_t slot) noexcept {
    auto& entry = entries[slot];
    // Only its bucket's newest flow has no newer neighbour: already in place, without hashing the address.
    if (!entry.counted_in_client_share || entry.client_newer == kNil) return;
    auto& bucket = buckets_[bucket_of(entry.client_address())];
    unlink(entries, bucket, slot);
    link_newest(entries, bucket, slot);
}

void ClientShares::remove(std::vector<FlowEntry>& entries, std::uint32_t slot) noexcept {
    auto& entry = entries[slot];
    if (!entry.counted_in_client_share) return;
    entry.counted_in_client_share = false;
    auto& bucket = buckets_[bucket_of(entry.client_address())];
    unlink(entries, bucket, slot);
    --bucket.inspecting;  // counted_in_client_share: this flow was counted in this bucket
}

std::uint32_t ClientShares::idlest(const std::vector<FlowEntry>& entries, const net::IpAddress& client) const noexcept {
    const auto& bucket = buckets_[bucket_of(client)];
    std::uint32_t slot = bucket.oldest;
    for (std::uint32_t step = 0; slot != kNil && step < kMaxWalk; ++step, slot = entries[slot].client_newer) {
        if (entries[slot].client_address() == client) return slot;
    }
    return bucket.oldest;
}

}  // namespace schoolgate::gateway::flow
