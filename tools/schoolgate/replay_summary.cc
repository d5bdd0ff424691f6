#include "tools/schoolgate/replay_summary.h"

#include <algorithm>
#include <iomanip>

namespace schoolgate::tools {

namespace {

using classifiers::HostSource;

void print_names_by_source(std::ostream& out, const gateway::engine::EngineCounters& c) {
    out << "  names by source:";
    bool any = false;
    for (std::size_t i = 1; i < c.names_by_source.size(); ++i) {
        if (c.names_by_source[i] == 0) continue;
        out << ' ' << classifiers::host_source_name(static_cast<HostSource>(i)) << '=' << c.names_by_source[i];
        any = true;
    }
    if (c.names_by_source[0]) out << " unnamed=" << c.names_by_source[0];
    out << (any || c.names_by_source[0] ? "\n" : " none\n");
}

template <typename Map>
void print_map(std::ostream& out, const char* title, const Map& map) {
    out << "  " << title << ':';
    for (const auto& [name, count] : map) out << ' ' << name << '=' << count;
    out << (map.empty() ? " none\n" : "\n");
}

void print_anomalies(std::ostream& out, const classifiers::AnomalyCounters& anomalies) {
    out << "  anomalies:";
    for (std::size_t i = 0; i < classifiers::kAnomalyCount; ++i) {
        const auto anomaly = static_cast<classifiers::Anomaly>(i);
        if (anomalies.count(anomaly)) out << ' ' << classifiers::anomaly_name(anomaly) << '=' << anomalies.count(anomaly);
    }
    out << (anomalies.total() == 0 ? " none\n" : "\n");
}

}  // namespace

void print_replay_summary(std::ostream& out, const std::string& capture, const gateway::engine::EngineCounters& c,
                          const gateway::flow::FlowTableCounters& flows, std::size_t workers,
                          std::chrono::duration<double> elapsed) {
    out << "schoolgate replay: " << capture << '\n';
    out << "  packets: " << c.packets << " (" << c.bytes << " bytes; not inspected " << c.packets_not_inspected
        << ", fragments " << c.packets_fragmented << ", malformed " << c.packets_malformed << ")\n";
    if (c.packets_fragmented != 0) out << "  IP datagrams reassembled from fragments: " << c.datagrams_reassembled << '\n';
    out << "  flows: " << flows.created << " (decided " << c.flows_decided << ", idle-expired " << flows.expired
        << ", evicted " << flows.evicted << ", inspection budget used up " << c.inspection_budget_exhausted
        << ", packet cap reached " << c.inspection_packet_cap << ")\n";
    if (c.decoy_packets + c.connections_restarted > 0) {
        out << "  decoys: " << c.decoy_packets << " client segments the server would drop, never read (new "
            << "connections on a known 5-tuple: " << c.connections_restarted << ")\n";
    }
    if (c.ipv6_placed_by_link + c.ipv6_unplaced > 0) {
        out << "  IPv6 clients in no network: " << c.ipv6_placed_by_link << " flows placed by their MAC's IPv4 network, "
            << c.ipv6_unplaced << " unplaced (decided as the strictest network)\n";
    }
    out << "  nDPI asked about: " << c.ndpi_flows << " flows, " << c.ndpi_packets << " packets (not asked: "
        << c.ndpi_flows_local_skipped << " multicast or broadcast; guesses not needed: " << c.ndpi_guesses_not_needed
        << " decided flows)\n";
    print_names_by_source(out, c);
    print_map(out, "services", c.flows_by_service);
    print_map(out, "verdicts", c.flows_by_verdict);
    print_anomalies(out, c.anomalies);
    out << "  circumvention signals:";
    for (std::size_t i = 0; i < classifiers::kTechniqueCount; ++i) {
        if (c.techniques[i]) out << ' ' << classifiers::technique_name(static_cast<classifiers::Technique>(i)) << '=' << c.techniques[i];
    }
    out << (std::all_of(c.techniques.begin(), c.techniques.end(), [](auto n) { return n == 0; }) ? " none\n" : "\n");
    out << "  alerts raised: " << c.alerts_raised << '\n';
    out << "  events written: " << c.events_written << '\n';
    const double seconds = elapsed.count();
    out << "  time: " << std::fixed << std::setprecision(3) << seconds << " s";
    if (seconds > 0) out << ", " << std::setprecision(0) << static_cast<double>(c.packets) / seconds << " packets/s";
    if (workers > 1) out << " (" << workers << " workers)";
    out << '\n';
}

}  // namespace schoolgate::tools
