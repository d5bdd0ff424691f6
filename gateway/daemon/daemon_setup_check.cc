#include "gateway/daemon/daemon_setup_check.h"

#include <net/if.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#include "config/suggest.h"
#include "gateway/daemon/protected_files.h"
#include "gateway/events/event_log_config_check.h"

namespace schoolgate::gateway::daemon {

namespace {

using config::ConfigError;
using config::ConfigErrors;
using config::model::DaemonModel;

void add(ConfigErrors& errors, const DaemonModel& daemon, const std::string& path, std::string message) {
    const auto mark = daemon.mark_of(path);
    errors.push_back({mark.file, mark.line, mark.column, path, std::move(message)});
}

void check_fail_closed_networks(const DaemonModel& daemon, const config::CompiledPolicy& policy, ConfigErrors& errors) {
    std::vector<std::string_view> names;
    for (const auto& network : policy.subjects().networks()) names.push_back(network.name);
    const auto& listed = daemon.inline_mode.fail_closed_networks;
    if (daemon.mode == DaemonModel::Mode::Passive && !listed.empty()) {
        // firewall install (ExecStartPre) still queues these networks, and in passive mode no one answers the
        // queue: with no bypass their connections would all be dropped.
        add(errors, daemon, "inline.fail_closed_networks",
            "in passive mode nothing answers the queues, so a fail-closed network would have no internet at all "
            "(empty this list, or use mode: inline)");
    }
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const std::string path = "inline.fail_closed_networks[" + std::to_string(i) + "]";
        const auto& networks = policy.subjects().networks();
        const auto network = std::find_if(networks.begin(), networks.end(), [&](const auto& n) { return n.name == listed[i]; });
        if (network == networks.end()) {
            const std::string known = names.empty() ? "the policy has no networks" : "the policy's networks are " + config::one_of(names);
            add(errors, daemon, path, "'" + listed[i] + "' is not a network of the policy " + daemon.policy_file + " (" +
                                          config::did_you_mean(listed[i], names) + known + ")");
        } else if (!network->cidr) {
            add(errors, daemon, path, "'" + listed[i] + "' is known only by VLAN id, so no queue rule can cover it and it "
                                      "would never fail closed (give it a cidr: in the policy)");
        }
    }
}

std::vector<std::string> interface_names() {
    std::vector<std::string> names;
    if (struct if_nameindex* list = ::if_nameindex()) {
        for (auto* entry = list; entry->if_index != 0 && entry->if_name != nullptr; ++entry) names.emplace_back(entry->if_name);
        ::if_freenameindex(list);
    }
    return names;
}

void check_passive_interface(const DaemonModel& daemon, ConfigErrors& errors) {
    if (daemon.mode != DaemonModel::Mode::Passive || daemon.passive.interface.empty()) return;
    if (::if_nametoindex(daemon.passive.interface.c_str()) != 0) return;
    const auto names = interface_names();
    const std::vector<std::string_view> views(names.begin(), names.end());
    add(errors, daemon, "passive.interface",
        "this machine has no interface '" + daemon.passive.interface + "' (" + config::did_you_mean(daemon.passive.interface, views) +
            (views.empty() ? std::string{"use the mirror port's name, as `ip link` shows it"}
                           : "its interfaces are " + config::one_of(views, 12) + "; use the mirror port's name") + ")");
}

void check_event_log_values(const DaemonModel& daemon, ConfigErrors& errors) {
    for (auto& error : events::check_event_log_config(event_log_config(daemon))) add(errors, daemon, error.path, error.message);
}

void check_event_log_directory(const DaemonModel& daemon, ConfigErrors& errors) {
    const auto& directory = daemon.events.directory;
    if (directory.empty() || directory.front() != '/') return;  // reported above
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0) {
        add(errors, daemon, "events.directory", "cannot use '" + directory + "': " + std::strerror(errno) +
                                                " (create it: install -d -o " + (daemon.user.empty() ? "root" : daemon.user) +
                                                " -m 0750 " + directory + ")");
    } else if (!S_ISDIR(info.st_mode)) {
        add(errors, daemon, "events.directory", "'" + directory + "' is not a directory (name the event log's directory)");
    } else if ((info.st_mode & S_IWOTH) != 0) {
        add(errors, daemon, "events.directory", "'" + directory + "' is world-writable, so anyone could replace or remove "
                                                "the evidence (chmod o-w " + directory + ")");
    }
}

void check_protected_files(const DaemonModel& daemon, const config::CompiledPolicy& policy, ConfigErrors& errors) {
    auto unprotected = unprotected_files(daemon, policy);
    errors.insert(errors.end(), std::make_move_iterator(unprotected.begin()), std::make_move_iterator(unprotected.end()));
}

void check_user(const DaemonModel& daemon, ConfigErrors& errors) {
    if (daemon.user.empty() || ::geteuid() != 0) return;  // the daemon changes user only when started as root
    if (::getpwnam(daemon.user.c_str()) != nullptr) return;
    add(errors, daemon, "user", "no user '" + daemon.user + "' on this machine (create it: adduser --system --group " +
                                    daemon.user + ")");
}

}  // namespace

events::EventLogConfig event_log_config(const DaemonModel& daemon) {
    events::EventLogConfig config;
    config.directory = daemon.events.directory;
    config.max_file_bytes = daemon.events.max_file_bytes;
    config.retention_days = daemon.events.retention_days;
    config.queue_capacity = daemon.events.queue_capacity;
    config.syslog = daemon.events.syslog;
    config.syslog_facility = daemon.events.syslog_facility;
    return config;
}

ConfigErrors check_daemon_setup(const DaemonModel& daemon, const config::CompiledPolicy& policy, SetupScope scope) {
    ConfigErrors errors;
    check_fail_closed_networks(daemon, policy, errors);
    check_event_log_values(daemon, errors);
    if (scope == SetupScope::ThisGateway) {
        check_passive_interface(daemon, errors);
        check_event_log_directory(daemon, errors);
        check_user(daemon, errors);
    }
    std::stable_sort(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    if (scope == SetupScope::ThisGateway) check_protected_files(daemon, policy, errors);
    return errors;
}

}  // namespace schoolgate::gateway::daemon
