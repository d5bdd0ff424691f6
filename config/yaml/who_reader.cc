#include "config/yaml/who_reader.h"

#include <charconv>

#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

bool require_sequence(const YAML::Node& node, const std::string& file, const char* path, const char* example,
                      ConfigErrors& errors) {
    if (node.IsSequence()) return true;
    errors.push_back(error_at(node, file, path, std::string{"must be a list, each item starting with '- "} + example + "'"));
    return false;
}

std::optional<std::uint16_t> parse_vlan(const std::string& text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 1 || value > 4094) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

void read_network(MapReader& reader, const YAML::Node& node, const std::string& path, model::NetworkModel& network) {
    network.name = reader.get_string("name", true).value_or("");
    network.role = reader.get_string("role", true).value_or("");
    network.role_mark = reader.mark_of(reader.get("role"));
    network.label = reader.get_string("label").value_or(network.name);
    if (auto cidr_text = reader.get_string("cidr")) {
        auto cidr = net::Cidr::parse(*cidr_text);
        if (cidr.ok()) {
            network.cidr = cidr.value();
        } else {
            reader.error(node["cidr"], path + ".cidr", cidr.error() + " (write it as 10.20.0.0/16)");
        }
    }
    if (auto vlan_text = reader.get_string("vlan")) {
        network.vlan = parse_vlan(*vlan_text);
        if (!network.vlan) reader.error(node["vlan"], path + ".vlan", "'" + *vlan_text + "' is not a VLAN id (use 1..4094)");
    }
    if (!node["cidr"].IsDefined() && !node["vlan"].IsDefined()) {
        reader.error(node, path, "a network needs a cidr, a vlan or both (add cidr: 10.20.0.0/16)");
    }
}

}  // namespace

void read_roles(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors) {
    if (!require_sequence(node, file, "roles", "pupil", errors)) return;
    policy.roles.clear();
    for (std::size_t i = 0; i < node.size(); ++i) {
        if (auto role = scalar_string(node[i], "roles[" + std::to_string(i) + "]", file, errors)) policy.roles.push_back(*role);
    }
    // "unknown" is always there: it is what an unclaimed address gets.
    if (std::find(policy.roles.begin(), policy.roles.end(), "unknown") == policy.roles.end()) policy.roles.push_back("unknown");
}

void read_networks(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors) {
    if (!require_sequence(node, file, "networks", "name: pupil-wifi", errors)) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "networks[" + std::to_string(i) + "]";
        MapReader reader{node[i], path, file, errors, {"name", "cidr", "vlan", "role", "label"}};
        if (!reader.valid()) continue;
        model::NetworkModel network;
        network.mark = reader.mark_of(node[i]);
        read_network(reader, node[i], path, network);
        policy.networks.push_back(std::move(network));
    }
}

void read_users(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors) {
    if (!node.IsMap()) {
        errors.push_back(error_at(node, file, "users", "must be a mapping of user id to its details"));
        return;
    }
    for (const auto& entry : node) {
        model::UserModel user;
        user.id = entry.first.as<std::string>("");
        MapReader reader{entry.second, "users." + user.id, file, errors, {"display_name", "role"}};
        if (!reader.valid()) continue;
        user.mark = reader.mark_of(entry.first);
        user.display_name = reader.get_string("display_name").value_or(user.id);
        user.role = reader.get_string("role", true).value_or("");
        user.role_mark = reader.mark_of(reader.get("role"));
        policy.users.push_back(std::move(user));
    }
}

void read_devices(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors) {
    if (!require_sequence(node, file, "devices", "name: office-pc", errors)) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "devices[" + std::to_string(i) + "]";
        MapReader reader{node[i], path, file, errors, {"name", "ip", "mac", "user"}};
        if (!reader.valid()) continue;
        model::DeviceModel device;
        device.mark = reader.mark_of(node[i]);
        device.name = reader.get_string("name", true).value_or("");
        device.user = reader.get_string("user", true).value_or("");
        device.user_mark = reader.mark_of(reader.get("user"));
        if (auto ip = reader.get_string("ip")) {
            device.ip = net::IpAddress::parse(*ip);
            if (!device.ip) reader.error(node[i]["ip"], path + ".ip", "'" + *ip + "' is not an IP address (write it as 10.30.0.12)");
        }
        if (auto mac = reader.get_string("mac")) {
            device.mac = net::MacAddress::parse(*mac);
            if (!device.mac) reader.error(node[i]["mac"], path + ".mac", "'" + *mac + "' is not a MAC address (write it as 02:00:5e:10:00:01)");
        }
        if (!node[i]["ip"].IsDefined() && !node[i]["mac"].IsDefined()) {
            reader.error(node[i], path, "a device needs an ip, a mac or both (add ip: 10.30.0.12)");
        }
        policy.devices.push_back(std::move(device));
    }
}

}  // namespace schoolgate::config::yaml
