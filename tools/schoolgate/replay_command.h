#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct ReplayOptions {
    std::string capture;
    std::string policy;
    std::string catalogue;
    std::string school_time;  ///< local time at which the first packet is replayed; empty = as captured
    std::string events = "-";
    std::string format = "jsonl";
    bool all_flows = false;
    bool quiet = false;
    std::uint32_t flow_capacity = 1u << 18;
    /// Inspection threads. 1 (the default) keeps replay deterministic: one engine, events in packet order.
    std::uint32_t workers = 1;
    std::string leases;         ///< a DHCP lease file; empty = the policy's identity.dhcp_leases
    std::string leases_format;  ///< dnsmasq, kea, isc; empty = detected
};

/// `schoolgate replay CAPTURE --policy FILE ...`: adds the subcommand; returns the options it fills.
ReplayOptions& add_replay_command(CLI::App& app);
int run_replay(const ReplayOptions& options);

}  // namespace schoolgate::tools
