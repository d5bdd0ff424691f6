#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/net/cidr_table.h"
#include "common/net/mac_address.h"
#include "config/config_error.h"
#include "config/model/policy_model.h"

namespace schoolgate::config {

/// Who is behind an address, as far as the policy knows.
struct Subject {
    std::string role = "unknown";
    std::string user;     ///< user id; empty when unknown
    std::string device;   ///< device name; empty when unknown
    std::string network;  ///< network name; empty when no network claims the address
    /// Where the user and device came from: "policy" (a device the policy lists), "radius" (a live RADIUS
    /// session), "dhcp" (a lease whose MAC or host name the directory lists) or "network" (only the
    /// network's role is known). Static strings.
    std::string_view identity_source = "network";
    /// When the RADIUS session or DHCP lease began (microseconds since 1970, UTC), or -1: none, or unknown.
    std::int64_t bound_since_us = -1;
};

/// Maps (IP, MAC, VLAN) to a Subject: a known device (by MAC first, then IP) gives its user and the user's
/// role; otherwise the network (VLAN-and-address networks first, then the longest address block, then
/// VLAN-only networks) gives its role; otherwise the role is "unknown". Immutable; thread-safe to read.
class SubjectIndex {
public:
    /// Builds the index, checking references: unknown roles and users (with did-you-mean), duplicate
    /// names, devices claiming the same IP or MAC, networks with the same block and VLAN.
    static SubjectIndex build(const model::PolicyModel& policy, ConfigErrors& errors);

    Subject identify(const net::IpAddress& ip, const net::MacAddress& mac, std::uint16_t vlan) const;
    /// The subject of a user id ("head"), as if seen on one of their devices; role "unknown" if not listed.
    Subject for_user(const std::string& user_id) const;

    const std::vector<model::NetworkModel>& networks() const noexcept { return networks_; }
    const std::map<std::string, model::UserModel>& users() const noexcept { return users_; }
    const std::vector<model::DeviceModel>& devices() const noexcept { return devices_; }
    const std::vector<std::string>& roles() const noexcept { return roles_; }
    bool has_role(const std::string& role) const;
    const model::DeviceModel* device(const std::string& name) const;

private:
    Subject subject_of_device(const model::DeviceModel& device) const;
    Subject subject_of_network(std::size_t index) const;

    std::vector<std::string> roles_;
    std::vector<model::NetworkModel> networks_;
    std::map<std::string, model::UserModel> users_;
    std::vector<model::DeviceModel> devices_;
    net::CidrTable<std::size_t> plain_networks_;                    ///< address-only networks
    std::map<std::uint16_t, net::CidrTable<std::size_t>> vlan_networks_;  ///< VLAN and address
    std::map<std::uint16_t, std::size_t> vlan_only_networks_;
    std::map<net::MacAddress, std::size_t> devices_by_mac_;
    std::unordered_map<net::IpAddress, std::size_t, net::IpAddressHash> devices_by_ip_;
};

}  // namespace schoolgate::config
