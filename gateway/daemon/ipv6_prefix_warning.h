#pragma once

#include "config/config_error.h"
#include "config/model/daemon_model.h"
#include "config/policy/compiled_policy.h"

namespace schoolgate::gateway::daemon {

/// Warnings, not errors (the daemon starts): each inline.fail_closed_networks entry with an IPv4 block for
/// whose role no fail-closed network lists an IPv6 prefix. Its devices' IPv6 is still queued and decided
/// (placed by the MAC of their IPv4 traffic, else as the strictest network: docs/policy.md), but an address
/// is only placed by its prefix when the policy lists one. Each says what happens and how to list a prefix.
config::ConfigErrors ipv6_prefix_warnings(const config::model::DaemonModel& daemon, const config::CompiledPolicy& policy);

}  // namespace schoolgate::gateway::daemon
