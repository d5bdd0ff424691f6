#pragma once

#include <cstdint>

#include "classifiers/flow_classifier.h"
#include "common/net/ip_address.h"

namespace schoolgate::gateway::flow {

/// A 5-tuple (plus VLAN) in canonical order: `low` is the smaller (address, port) endpoint, so both
/// directions of a connection produce the same key.
struct FlowKey {
    net::IpAddress low_address;
    net::IpAddress high_address;
    std::uint16_t low_port = 0;
    std::uint16_t high_port = 0;
    std::uint16_t vlan_id = 0;
    classifiers::Transport transport = classifiers::Transport::Tcp;
    std::uint8_t ip_protocol = 0;  ///< for Transport::Other only (ports are 0 then); 0 for TCP and UDP

    friend bool operator==(const FlowKey&, const FlowKey&) noexcept = default;
};

/// Builds the canonical key; `sender_is_low` says which side sent the packet. `ip_protocol` counts only
/// for Transport::Other.
FlowKey make_flow_key(const net::IpAddress& src, std::uint16_t src_port, const net::IpAddress& dst,
                      std::uint16_t dst_port, std::uint16_t vlan_id, classifiers::Transport transport,
                      bool& sender_is_low, std::uint8_t ip_protocol = 0) noexcept;

/// Symmetric by construction (the key is canonical) and keyed with `seed`, so that a sender cannot aim
/// many flows at one bucket without knowing the seed.
std::uint64_t hash_flow_key(const FlowKey& key, std::uint64_t seed) noexcept;

}  // namespace schoolgate::gateway::flow
