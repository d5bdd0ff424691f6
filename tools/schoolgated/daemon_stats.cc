#include "tools/schoolgated/daemon_stats.h"

#include <nlohmann/json.hpp>
#include <sstream>

namespace schoolgate::tools::daemon {

std::string stats_json(const DaemonStats& stats) {
    nlohmann::json out = {
        {"mode", stats.mode},
        {"uptime_seconds", stats.uptime_seconds},
        {"policy", {{"generation", stats.policy_generation}, {"reloads_published", stats.reloads_published},
                    {"reloads_failed", stats.reloads_failed}}},
        {"packets", stats.packets},
        {"bytes", stats.bytes},
        {"packets_malformed", stats.packets_malformed},
        {"packets_fragmented", stats.packets_fragmented},
        {"datagrams_reassembled", stats.datagrams_reassembled},
        {"ipv6_placed_by_link", stats.ipv6_placed_by_link},
        {"ipv6_unplaced", stats.ipv6_unplaced},
        {"packets_settled_path", stats.packets_settled_path},
        {"flows_decided", stats.flows_decided},
        {"anomalies", stats.anomalies},
        {"alerts", stats.alerts},
        {"verdicts", stats.verdicts},
        {"queue", {{"verdicts_failed", stats.queue_verdicts_failed}, {"overruns", stats.queue_overruns},
                   {"receive_errors", stats.queue_receive_errors},
                   {"malformed_messages", stats.queue_malformed_messages}}},
        {"capture_dropped", stats.capture_dropped},
        {"events", {{"written", stats.events_written}, {"lost", stats.events_lost},
                    {"gaps_written", stats.event_gaps_written}, {"last_error", stats.event_log_error}}},
    };
    const auto& id = stats.identity;
    out["identity"] = {
        {"generation", id.generation},
        {"bindings", {{"radius", id.table.radius_bindings}, {"dhcp", id.table.dhcp_bindings}}},
        {"leases", {{"read", id.table.leases_read}, {"stale", id.table.stale_leases},
                    {"not_in_directory", id.table.leases_not_in_directory}, {"bad_lines", id.table.lease_file_issues},
                    {"file_reads", id.lease_reads}, {"file_read_failures", id.lease_read_failures}}},
        {"radius", {{"accepted", id.radius.accepted}, {"refused", id.radius.refused()},
                    {"refused_client", id.radius.refused_client}, {"bad_authenticator", id.radius.bad_authenticator},
                    {"malformed", id.radius.malformed}, {"responses_failed", id.radius.responses_failed},
                    {"starts", id.radius.starts}, {"interim_updates", id.radius.interim_updates},
                    {"stops", id.radius.stops}}},
    };
    out["bypassed_packets"] = stats.bypassed_packets ? nlohmann::json(*stats.bypassed_packets) : nlohmann::json(nullptr);
    // Only when there is one, so that a working gateway's stats read as before.
    if (!stats.bypassed_packets_error.empty()) out["bypassed_packets_error"] = stats.bypassed_packets_error;
    return out.dump(2) + "\n";
}

namespace {

void metric(std::ostringstream& out, const char* name, const char* type, const char* help, std::uint64_t value) {
    out << "# HELP schoolgate_" << name << ' ' << help << "\n# TYPE schoolgate_" << name << ' ' << type << "\nschoolgate_"
        << name << ' ' << value << '\n';
}

}  // namespace

std::string stats_prometheus(const DaemonStats& stats) {
    std::ostringstream out;
    metric(out, "uptime_seconds", "gauge", "Seconds since the daemon started.", stats.uptime_seconds);
    metric(out, "policy_generation", "gauge", "Generation of the policy in force.", stats.policy_generation);
    metric(out, "policy_reloads_published_total", "counter", "Policies published.", stats.reloads_published);
    metric(out, "policy_reloads_failed_total", "counter", "Reloads refused (the last good policy stayed).", stats.reloads_failed);
    metric(out, "packets_total", "counter", "Packets the engine saw.", stats.packets);
    metric(out, "bytes_total", "counter", "Bytes the engine saw.", stats.bytes);
    metric(out, "packets_malformed_total", "counter", "Packets that could not be decoded (counted and passed).",
           stats.packets_malformed);
    metric(out, "packets_fragmented_total", "counter", "IP fragments the engine was handed.", stats.packets_fragmented);
    metric(out, "datagrams_reassembled_total", "counter", "IP datagrams the engine rebuilt from fragments.",
           stats.datagrams_reassembled);
    metric(out, "ipv6_placed_by_link_total", "counter",
           "IPv6 flows in no network, placed on the network of their MAC's IPv4 traffic.", stats.ipv6_placed_by_link);
    metric(out, "ipv6_unplaced_total", "counter", "IPv6 flows nothing placed, decided as the strictest network.",
           stats.ipv6_unplaced);
    metric(out, "flows_decided_total", "counter", "Flows decided.", stats.flows_decided);
    metric(out, "anomalies_total", "counter", "Anomalies in what devices sent.", stats.anomalies);
    metric(out, "alerts_total", "counter", "Alerts raised (repeated attempts).", stats.alerts);
    out << "# HELP schoolgate_verdicts_total Flows decided, by verdict.\n# TYPE schoolgate_verdicts_total counter\n";
    for (const auto& [verdict, count] : stats.verdicts) {
        out << "schoolgate_verdicts_total{verdict=\"" << verdict << "\"} " << count << '\n';
    }
    metric(out, "queue_verdicts_failed_total", "counter", "Verdicts the kernel refused.", stats.queue_verdicts_failed);
    metric(out, "queue_overruns_total", "counter", "Queue messages lost for want of socket buffer.", stats.queue_overruns);
    metric(out, "queue_receive_errors_total", "counter", "Failed reads from a queue socket.", stats.queue_receive_errors);
    metric(out, "queue_malformed_messages_total", "counter", "Queue messages with no packet to give a verdict to.",
           stats.queue_malformed_messages);
    if (stats.bypassed_packets) {
        metric(out, "bypassed_packets_total", "counter",
               "Packets in the inspected range that passed with no verdict (daemon down or behind).", *stats.bypassed_packets);
    }
    metric(out, "capture_dropped_total", "counter", "Packets the capture ring dropped (passive mode).", stats.capture_dropped);
    metric(out, "identity_bindings_radius", "gauge", "Addresses bound to a person by a RADIUS session.",
           stats.identity.table.radius_bindings);
    metric(out, "identity_bindings_dhcp", "gauge", "Addresses bound to a person by a DHCP lease the directory names.",
           stats.identity.table.dhcp_bindings);
    metric(out, "identity_leases_stale", "gauge", "Leases in the lease files that had ended when read.",
           stats.identity.table.stale_leases);
    metric(out, "identity_radius_refused_total", "counter",
           "RADIUS packets dropped: unlisted client, bad authenticator or malformed.", stats.identity.radius.refused());
    metric(out, "events_written_total", "counter", "Event lines written.", stats.events_written);
    metric(out, "events_lost_total", "counter", "Events that could not be written.", stats.events_lost);
    return out.str();
}

}  // namespace schoolgate::tools::daemon
