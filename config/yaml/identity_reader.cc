#include "config/yaml/identity_reader.h"

#include "config/identity/file_bytes.h"
#include "config/identity/limits.h"
#include "config/identity/text_lines.h"
#include "config/yaml/yaml_file.h"
#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

void read_lease_sources(const YAML::Node& node, const std::string& file, model::IdentityModel& identity,
                        ConfigErrors& errors) {
    if (!node.IsSequence()) {
        errors.push_back(error_at(node, file, "identity.dhcp_leases",
                                  "must be a list, each item starting with '- format: dnsmasq'"));
        return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "identity.dhcp_leases[" + std::to_string(i) + "]";
        MapReader reader{node[i], path, file, errors, {"format", "path"}};
        if (!reader.valid()) continue;
        model::LeaseSourceModel source;
        source.mark = reader.mark_of(node[i]);
        const auto format = reader.get_string("format", true);
        const auto where = reader.get_string("path", true);
        if (format) {
            const auto parsed = identity::lease_format_from_name(*format);
            if (!parsed) {
                reader.error(node[i]["format"], path + ".format",
                             "unknown lease format '" + *format + "' (use dnsmasq, kea or isc)");
                continue;
            }
            source.format = *parsed;
        }
        if (!format || !where) continue;
        source.path = resolve_beside(file, *where);
        identity.dhcp_leases.push_back(std::move(source));
    }
}

std::optional<std::uint16_t> identity_port(const std::string& text) {
    const auto value = identity::whole_number(text);
    if (!value || *value < 1 || *value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(*value);
}

std::optional<std::pair<net::IpAddress, std::uint16_t>> address_and_port(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const auto ip = net::IpAddress::parse(host);
    const auto port = identity_port(text.substr(colon + 1));
    if (!ip || !port) return std::nullopt;
    return std::pair{*ip, *port};
}

void read_radius(const YAML::Node& node, const std::string& file, model::IdentityModel& identity, ConfigErrors& errors) {
    const std::string path = "identity.radius_accounting";
    MapReader reader{node, "identity.radius_accounting", file, errors, {"listen", "secret_file", "clients"}};
    if (!reader.valid()) return;
    model::RadiusAccountingModel radius;
    radius.mark = reader.mark_of(node);
    bool good = true;
    if (const auto listen = reader.get_string("listen", true)) {
        const auto parsed = address_and_port(*listen);
        if (parsed) {
            radius.listen_address = parsed->first;
            radius.listen_port = parsed->second;
        } else {
            reader.error(node["listen"], path + ".listen",
                         "'" + *listen + "' is not ADDRESS:PORT (write 192.0.2.1:1813, or [2001:db8::1]:1813)");
            good = false;
        }
    }
    if (const auto secret = reader.get_string("secret_file", true)) radius.secret_file = resolve_beside(file, *secret);
    if (const auto clients = reader.get_string_list("clients", true)) {
        for (std::size_t i = 0; i < clients->size(); ++i) {
            auto cidr = net::Cidr::parse((*clients)[i]);
            if (cidr.ok()) {
                radius.clients.push_back(cidr.value());
            } else {
                reader.error(node["clients"][i], path + ".clients[" + std::to_string(i) + "]",
                             cidr.error() + " (list the Wi-Fi controllers' or RADIUS servers' addresses, e.g. 192.0.2.10/32)");
                good = false;
            }
        }
    }
    if (good && node["listen"].IsDefined() && node["secret_file"].IsDefined()) identity.radius = std::move(radius);
}

void read_directory(const YAML::Node& node, const std::string& file, model::IdentityModel& identity, ConfigErrors& errors) {
    MapReader reader{node, "identity.directory", file, errors, {"csv"}};
    if (!reader.valid()) return;
    const auto csv = reader.get_string("csv", true);
    if (!csv) return;
    identity.directory_csv = resolve_beside(file, *csv);
    identity.directory_mark = reader.mark_of(node["csv"]);
    auto bytes = identity::read_file_bytes(identity.directory_csv, identity::kMaxDirectoryBytes);
    if (!bytes.ok()) {
        reader.error(node["csv"], "identity.directory.csv", identity.directory_csv + ": " + bytes.error());
        return;
    }
    auto directory = identity::parse_directory_csv(bytes.value(), identity.directory_csv);
    if (!directory.ok()) {
        for (auto& error : std::move(directory).error()) errors.push_back(std::move(error));
        return;
    }
    identity.directory = std::make_shared<const identity::Directory>(std::move(directory).value());
}

}  // namespace

void read_identity(const YAML::Node& node, const std::string& file, model::PolicyModel& policy, ConfigErrors& errors) {
    MapReader reader{node, "identity", file, errors, {"dhcp_leases", "radius_accounting", "directory"}};
    if (!reader.valid()) return;
    auto& identity = policy.identity;
    if (auto n = reader.get("dhcp_leases"); n.IsDefined()) read_lease_sources(n, file, identity, errors);
    if (auto n = reader.get("radius_accounting"); n.IsDefined()) read_radius(n, file, identity, errors);
    if (auto n = reader.get("directory"); n.IsDefined()) read_directory(n, file, identity, errors);
}

}  // namespace schoolgate::config::yaml
