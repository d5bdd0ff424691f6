#include "config/yaml/daemon_config_reader.h"

#include <algorithm>
#include <charconv>

#include "config/yaml/yaml_file.h"
#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

namespace {

/// An unsigned number in [min, max], or an error naming the range.
template <typename T>
void read_number(MapReader& reader, std::string_view key, std::uint64_t min, std::uint64_t max, T& out) {
    const YAML::Node node = reader.get(key);
    if (!node.IsDefined()) return;
    const std::string text = node.IsScalar() ? node.Scalar() : std::string{};
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        reader.error(node, reader.child_path(key),
                     "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return;
    }
    out = static_cast<T>(value);
}

void read_bool(MapReader& reader, std::string_view key, bool& out) {
    const YAML::Node node = reader.get(key);
    if (!node.IsDefined()) return;
    const std::string text = node.IsScalar() ? node.Scalar() : std::string{};
    if (text == "true" || text == "yes" || text == "on") {
        out = true;
    } else if (text == "false" || text == "no" || text == "off") {
        out = false;
    } else {
        reader.error(node, reader.child_path(key), "must be true or false");
    }
}

bool is_syslog_facility(std::string_view name) {
    for (std::string_view known : {"user", "daemon", "local0", "local1", "local2", "local3", "local4", "local5",
                                   "local6", "local7"}) {
        if (name == known) return true;
    }
    return false;
}

void read_events(const YAML::Node& node, const std::string& file, ConfigErrors& errors, model::DaemonModel& out) {
    MapReader reader{node, "events", file, errors,
                     {"directory", "max_file_mb", "retention_days", "queue_capacity", "syslog", "syslog_facility"}};
    if (!reader.valid()) return;
    if (auto dir = reader.get_string("directory")) out.events.directory = resolve_beside(file, *dir);
    std::uint64_t max_mb = out.events.max_file_bytes / (1024 * 1024);
    read_number(reader, "max_file_mb", 1, 1024 * 1024, max_mb);
    out.events.max_file_bytes = max_mb * 1024 * 1024;
    // UK GDPR: keep no longer than needed. 0 would mean "for ever", which a school must choose knowingly
    // in its own retention schedule; the daemon does not allow it.
    read_number(reader, "retention_days", 1, 3660, out.events.retention_days);
    read_number(reader, "queue_capacity", 16, 16 * 1024 * 1024, out.events.queue_capacity);
    read_bool(reader, "syslog", out.events.syslog);
    if (auto facility = reader.get_string("syslog_facility")) {
        if (!is_syslog_facility(*facility)) {
            reader.error(reader.get("syslog_facility"), reader.child_path("syslog_facility"),
                         "unknown syslog facility '" + *facility + "' (use user, daemon or local0 .. local7)");
        } else {
            out.events.syslog_facility = *facility;
        }
    }
}

void read_inline(const YAML::Node& node, const std::string& file, ConfigErrors& errors, model::DaemonModel& out) {
    MapReader reader{node, "inline", file, errors, {"first_queue", "queues", "inspect_packets", "fail_closed_networks"}};
    if (!reader.valid()) return;
    read_number(reader, "first_queue", 0, 65535, out.inline_mode.first_queue);
    read_number(reader, "queues", 1, 64, out.inline_mode.queues);
    // Enough for a TCP handshake, a ClientHello over several segments and the first answer, with room
    // for retransmissions; the kernel stops queueing after this whatever the daemon says.
    read_number(reader, "inspect_packets", 4, 1000, out.inline_mode.inspect_packets);
    if (auto names = reader.get_string_list("fail_closed_networks")) out.inline_mode.fail_closed_networks = *names;
    // Fail-closed networks have as many queues again after the fail-open ones.
    const bool any_fail_closed = !out.inline_mode.fail_closed_networks.empty();
    if (std::uint64_t{out.inline_mode.first_queue} + out.inline_mode.queues * (any_fail_closed ? 2u : 1u) > 65536) {
        reader.error(reader.get("queues"), reader.child_path("queues"),
                     any_fail_closed ? "first_queue + 2 * queues (fail-closed networks have queues of their own) must stay below 65536"
                                     : "first_queue + queues must stay below 65536");
    }
}

void read_passive(const YAML::Node& node, const std::string& file, ConfigErrors& errors, model::DaemonModel& out) {
    MapReader reader{node, "passive", file, errors, {"interface", "bpf_filter", "tcp_reset"}};
    if (!reader.valid()) return;
    if (auto name = reader.get_string("interface", true)) out.passive.interface = *name;
    if (auto filter = reader.get_string("bpf_filter")) out.passive.bpf_filter = *filter;
    read_bool(reader, "tcp_reset", out.passive.tcp_reset);
}

void read_stats(const YAML::Node& node, const std::string& file, ConfigErrors& errors, model::DaemonModel& out) {
    MapReader reader{node, "stats", file, errors, {"socket", "metrics_port"}};
    if (!reader.valid()) return;
    if (auto socket = reader.get_string("socket")) out.stats.socket = resolve_beside(file, *socket);
    read_number(reader, "metrics_port", 0, 65535, out.stats.metrics_port);
}

// Records where each value was written (two levels of keys, and list items), for later checks.
void record_marks(const YAML::Node& node, const std::string& path, const std::string& file, int depth,
                  std::map<std::string, model::SourceMark>& marks) {
    if (node.IsMap() && depth < 2) {
        for (const auto& entry : node) {
            if (!entry.first.IsScalar()) continue;
            const std::string key = path.empty() ? entry.first.Scalar() : path + "." + entry.first.Scalar();
            const auto at = error_at(entry.second, file, "", "");
            marks[key] = {file, at.line, at.column};
            record_marks(entry.second, key, file, depth + 1, marks);
        }
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            const std::string key = path + "[" + std::to_string(i) + "]";
            const auto at = error_at(node[i], file, "", "");
            marks[key] = {file, at.line, at.column};
        }
    }
}

}  // namespace

Result<model::DaemonModel, ConfigErrors> load_daemon_config(const std::string& path) {
    ConfigErrors errors;
    model::DaemonModel daemon;
    daemon.source_file = path;
    const auto root = load_yaml_file(path, "check the path given with --config and that the file is readable", errors);
    if (!root) return Result<model::DaemonModel, ConfigErrors>::failure(std::move(errors));
    MapReader top{*root, "", path, errors, {"mode", "policy", "catalogue", "user", "seccomp", "events", "inline", "passive", "stats"}};
    if (top.valid()) {
        if (auto mode = top.get_string("mode", true)) {
            if (*mode == "inline") {
                daemon.mode = model::DaemonModel::Mode::Inline;
            } else if (*mode == "passive") {
                daemon.mode = model::DaemonModel::Mode::Passive;
            } else {
                top.error(top.get("mode"), "mode", "must be inline (NFQUEUE, enforcing) or passive (a mirror port, logging only)");
            }
        }
        if (auto policy = top.get_string("policy", true)) daemon.policy_file = resolve_beside(path, *policy);
        if (auto catalogue = top.get_string("catalogue")) daemon.catalogue_file = resolve_beside(path, *catalogue);
        if (auto user = top.get_string("user")) daemon.user = *user;
        read_bool(top, "seccomp", daemon.seccomp);
        if (auto n = top.get("events"); n.IsDefined()) read_events(n, path, errors, daemon);
        if (auto n = top.get("inline"); n.IsDefined()) read_inline(n, path, errors, daemon);
        if (auto n = top.get("passive"); n.IsDefined()) read_passive(n, path, errors, daemon);
        if (auto n = top.get("stats"); n.IsDefined()) read_stats(n, path, errors, daemon);
        record_marks(*root, "", path, 0, daemon.marks);
        if (daemon.mode == model::DaemonModel::Mode::Passive && daemon.passive.interface.empty() &&
            !top.get("passive").IsDefined()) {
            top.error(*root, "passive", "passive mode needs passive.interface (the mirror port, e.g. eth1)");
        }
    }
    if (!errors.empty()) {
        std::stable_sort(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        return Result<model::DaemonModel, ConfigErrors>::failure(std::move(errors));
    }
    return Result<model::DaemonModel, ConfigErrors>::success(std::move(daemon));
}

}  // namespace schoolgate::config::yaml
