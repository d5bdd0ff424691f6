#include "config/policy/subject_index.h"

#include <algorithm>

#include "config/suggest.h"

namespace schoolgate::config {

namespace {

ConfigError error_at(const model::SourceMark& mark, std::string path, std::string message) {
    return {mark.file, mark.line, mark.column, std::move(path), std::move(message)};
}

std::vector<std::string_view> views(const std::vector<std::string>& names) {
    return {names.begin(), names.end()};
}

void check_role(const std::vector<std::string>& roles, const std::string& role, const model::SourceMark& mark,
                const std::string& path, ConfigErrors& errors) {
    if (std::find(roles.begin(), roles.end(), role) != roles.end()) return;
    errors.push_back(error_at(mark, path, "unknown role '" + role + "' (" + did_you_mean(role, views(roles)) +
                                              "roles are pupil, staff, headteacher, visitor, unknown, or those under 'roles:')"));
}

}  // namespace

SubjectIndex SubjectIndex::build(const model::PolicyModel& policy, ConfigErrors& errors) {
    SubjectIndex index;
    index.roles_ = policy.roles;
    index.networks_ = policy.networks;
    index.devices_ = policy.devices;
    for (std::size_t i = 0; i < index.networks_.size(); ++i) {
        const auto& network = index.networks_[i];
        const std::string path = "networks[" + std::to_string(i) + "]";
        check_role(index.roles_, network.role, network.role_mark, path + ".role", errors);
        bool added = true;
        if (network.cidr && network.vlan) {
            added = index.vlan_networks_[*network.vlan].add(*network.cidr, i);
        } else if (network.cidr) {
            added = index.plain_networks_.add(*network.cidr, i);
        } else if (network.vlan) {
            added = index.vlan_only_networks_.emplace(*network.vlan, i).second;
        }
        if (!added) errors.push_back(error_at(network.mark, path, "network '" + network.name + "' repeats the address block "
                                                                  "or VLAN of an earlier network (each block once)"));
    }
    for (const auto& user : policy.users) {
        check_role(index.roles_, user.role, user.role_mark, "users." + user.id + ".role", errors);
        index.users_.emplace(user.id, user);
    }
    std::vector<std::string> user_ids;
    for (const auto& [id, user] : index.users_) user_ids.push_back(id);
    for (std::size_t i = 0; i < index.devices_.size(); ++i) {
        const auto& device = index.devices_[i];
        const std::string path = "devices[" + std::to_string(i) + "]";
        if (!index.users_.count(device.user)) {
            errors.push_back(error_at(device.user_mark, path + ".user", "unknown user '" + device.user + "' (" +
                                                                            did_you_mean(device.user, views(user_ids)) +
                                                                            "list the user under 'users:' first)"));
        }
        const bool ip_taken = device.ip && !index.devices_by_ip_.emplace(*device.ip, i).second;
        const bool mac_taken = device.mac && !index.devices_by_mac_.emplace(*device.mac, i).second;
        if (ip_taken || mac_taken) {
            errors.push_back(error_at(device.mark, path, "device '" + device.name + "' has the same " +
                                                             (ip_taken ? "IP" : "MAC") + " as an earlier device (each device once)"));
        }
    }
    return index;
}

Subject SubjectIndex::subject_of_device(const model::DeviceModel& device) const {
    Subject subject = for_user(device.user);
    subject.device = device.name;
    subject.identity_source = "policy";
    return subject;
}

Subject SubjectIndex::subject_of_network(std::size_t index) const {
    return Subject{networks_[index].role, "", "", networks_[index].name};
}

Subject SubjectIndex::identify(const net::IpAddress& ip, const net::MacAddress& mac, std::uint16_t vlan) const {
    // A device beats its network: a laptop keeps its owner's role on any Wi-Fi.
    if (!mac.is_zero()) {
        if (auto d = devices_by_mac_.find(mac); d != devices_by_mac_.end()) return subject_of_device(devices_[d->second]);
    }
    if (auto d = devices_by_ip_.find(ip); d != devices_by_ip_.end()) return subject_of_device(devices_[d->second]);
    if (vlan != 0) {
        if (auto tagged = vlan_networks_.find(vlan); tagged != vlan_networks_.end()) {
            if (const auto* n = tagged->second.find(ip)) return subject_of_network(*n);
        }
    }
    if (const auto* n = plain_networks_.find(ip)) return subject_of_network(*n);
    if (auto n = vlan_only_networks_.find(vlan); vlan != 0 && n != vlan_only_networks_.end()) return subject_of_network(n->second);
    return Subject{};
}

Subject SubjectIndex::for_user(const std::string& user_id) const {
    Subject subject;
    subject.user = user_id;
    if (auto u = users_.find(user_id); u != users_.end()) subject.role = u->second.role;
    return subject;
}

bool SubjectIndex::has_role(const std::string& role) const {
    return std::find(roles_.begin(), roles_.end(), role) != roles_.end();
}

const model::DeviceModel* SubjectIndex::device(const std::string& name) const {
    auto it = std::find_if(devices_.begin(), devices_.end(), [&](const auto& d) { return d.name == name; });
    return it == devices_.end() ? nullptr : &*it;
}

}  // namespace schoolgate::config
