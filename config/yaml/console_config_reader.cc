#include "config/yaml/console_config_reader.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

#include "config/yaml/yaml_file.h"
#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

void read_unsigned(MapReader& reader, std::string_view key, unsigned min, unsigned max, unsigned& out) {
    const YAML::Node node = reader.get(key);
    if (!node.IsDefined()) return;
    const std::string text = node.IsScalar() ? node.Scalar() : std::string{};
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        reader.error(node, reader.child_path(key),
                     "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return;
    }
    out = value;
}

void read_https(const YAML::Node& node, const std::string& file, ConfigErrors& errors, model::ConsoleModel& out) {
    MapReader reader{node, "https", file, errors, {"certificate", "key"}};
    if (!reader.valid()) return;
    if (auto cert = reader.get_string("certificate", true)) out.tls_certificate = resolve_beside(file, *cert);
    if (auto key = reader.get_string("key", true)) out.tls_key = resolve_beside(file, *key);
}

void read_events(const YAML::Node& node, const std::string& file, ConfigErrors& errors, model::ConsoleModel& out) {
    MapReader reader{node, "events", file, errors, {"directory", "retention_days"}};
    if (!reader.valid()) return;
    if (auto dir = reader.get_string("directory", true)) out.events_directory = resolve_beside(file, *dir);
    read_unsigned(reader, "retention_days", 1, 3660, out.retention_days);
}

void read_listen(MapReader& top, model::ConsoleModel& out) {
    const auto text = top.get_string("listen");
    if (!text) return;
    if (!split_listen(*text, out.listen_address, out.listen_port)) {
        top.error(top.get("listen"), "listen", "'" + *text + "' is not ADDRESS:PORT (e.g. 127.0.0.1:8443 or [::1]:8443)");
    }
}

}  // namespace

bool split_listen(const std::string& text, std::string& address, std::uint16_t& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    std::string host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string digits = text.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || value == 0 || value > 65535) return false;
    unsigned char buffer[16];
    if (host != "localhost" && ::inet_pton(AF_INET, host.c_str(), buffer) != 1 && ::inet_pton(AF_INET6, host.c_str(), buffer) != 1) {
        return false;
    }
    address = host;
    port = static_cast<std::uint16_t>(value);
    return true;
}

bool is_loopback_address(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

Result<model::ConsoleModel, ConfigErrors> load_console_config(const std::string& path) {
    ConfigErrors errors;
    model::ConsoleModel console;
    console.source_file = path;
    const auto root = load_yaml_file(path, "check the path given with --config and that the file is readable", errors);
    if (!root) return Result<model::ConsoleModel, ConfigErrors>::failure(std::move(errors));
    MapReader top{*root, "", path, errors,
                  {"listen", "https", "policy", "catalogue", "database", "events", "stats_socket", "idle_timeout_minutes"}};
    if (top.valid()) {
        read_listen(top, console);
        if (auto n = top.get("https"); n.IsDefined()) read_https(n, path, errors, console);
        if (auto policy = top.get_string("policy", true)) console.policy_file = resolve_beside(path, *policy);
        if (auto catalogue = top.get_string("catalogue")) console.catalogue_file = resolve_beside(path, *catalogue);
        if (auto database = top.get_string("database")) console.database = resolve_beside(path, *database);
        if (auto n = top.get("events"); n.IsDefined()) read_events(n, path, errors, console);
        if (auto socket = top.get_string("stats_socket")) console.stats_socket = resolve_beside(path, *socket);
        read_unsigned(top, "idle_timeout_minutes", 1, 24 * 60, console.idle_timeout_minutes);
        if (console.tls_certificate.empty() && !is_loopback_address(console.listen_address) && !top.get("https").IsDefined()) {
            top.error(top.get("listen").IsDefined() ? top.get("listen") : *root, "listen",
                      "plain HTTP only on a loopback address (add https: {certificate, key}, or listen on 127.0.0.1 behind a reverse proxy)");
        }
    }
    if (!errors.empty()) return Result<model::ConsoleModel, ConfigErrors>::failure(std::move(errors));
    return Result<model::ConsoleModel, ConfigErrors>::success(std::move(console));
}

}  // namespace schoolgate::config::yaml
