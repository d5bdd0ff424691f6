#pragma once

#include "config/config_error.h"
#include "config/model/daemon_model.h"
#include "config/policy/compiled_policy.h"
#include "gateway/events/event_log_config.h"

namespace schoolgate::gateway::daemon {

/// The event log settings of schoolgated.yaml, as the writer takes them.
events::EventLogConfig event_log_config(const config::model::DaemonModel& daemon);

/// Where the check runs. `ThisGateway`: also what this machine must have (interfaces, directories, file
/// modes, the user); for the daemon's start, `schoolgated --check` and `firewall install`. `AnyMachine`:
/// only what the files say, for `firewall print`, which a network manager may run on a workstation to
/// review the rules before copying the files to the gateway.
enum class SetupScope { ThisGateway, AnyMachine };

/// Every reason the daemon's start or `schoolgate firewall install` would refuse this daemon config with
/// this (already compiled) policy, found without opening a queue, a capture or a socket. The one check
/// behind `schoolgated --check`, the daemon's start and `schoolgate firewall print|install`, so a config
/// that passes one passes all three. Reports, as FILE:LINE:COL: key.path: what is wrong (how to fix it):
/// - inline.fail_closed_networks naming a network the policy does not have (did-you-mean over its
///   networks), or one known only by VLAN id (no address for a queue rule, so it could never fail closed),
///   or any at all in passive mode (nothing answers the queues: those networks would be cut off);
/// and, with SetupScope::ThisGateway:
/// - in passive mode, a passive.interface this machine does not have (if_nametoindex);
/// - events: the writer's own checks (check_event_log_config, in either scope), and a directory that does not exist, is not
///   a directory, or is world-writable (the writer would refuse it at start);
/// - a policy, exemptions, list, catalogue or daemon config file writable by other users (or unreadable);
/// - when run as root (the daemon drops privileges only then), a `user:` that does not exist.
/// Numbers (queues, inspect_packets, ports) are range-checked when the file is read (load_daemon_config).
/// Reads the file system, the interface list and the user database; no clock.
config::ConfigErrors check_daemon_setup(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy,
                                        SetupScope scope = SetupScope::ThisGateway);

}  // namespace schoolgate::gateway::daemon
