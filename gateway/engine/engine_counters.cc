#include "gateway/engine/engine_counters.h"

namespace schoolgate::gateway::engine {

EngineCounters& EngineCounters::operator+=(const EngineCounters& other) {
    packets += other.packets;
    bytes += other.bytes;
    packets_not_inspected += other.packets_not_inspected;
    packets_malformed += other.packets_malformed;
    packets_fragmented += other.packets_fragmented;
    datagrams_reassembled += other.datagrams_reassembled;
    packets_settled_path += other.packets_settled_path;
    flows_decided += other.flows_decided;
    flows_unidentified += other.flows_unidentified;
    inspection_budget_exhausted += other.inspection_budget_exhausted;
    inspection_packet_cap += other.inspection_packet_cap;
    decoy_packets += other.decoy_packets;
    connections_restarted += other.connections_restarted;
    ipv6_placed_by_link += other.ipv6_placed_by_link;
    ipv6_unplaced += other.ipv6_unplaced;
    conversation_messages += other.conversation_messages;
    conversations_cut += other.conversations_cut;
    events_written += other.events_written;
    alerts_raised += other.alerts_raised;
    ndpi_flows += other.ndpi_flows;
    ndpi_flows_local_skipped += other.ndpi_flows_local_skipped;
    ndpi_packets += other.ndpi_packets;
    ndpi_guesses_not_needed += other.ndpi_guesses_not_needed;
    for (std::size_t i = 0; i < techniques.size(); ++i) techniques[i] += other.techniques[i];
    for (std::size_t i = 0; i < classifiers::kAnomalyCount; ++i) {
        const auto anomaly = static_cast<classifiers::Anomaly>(i);
        anomalies.add(anomaly, other.anomalies.count(anomaly));
    }
    for (std::size_t i = 0; i < names_by_source.size(); ++i) names_by_source[i] += other.names_by_source[i];
    for (const auto& [service, count] : other.flows_by_service) flows_by_service[service] += count;
    for (const auto& [verdict, count] : other.flows_by_verdict) flows_by_verdict[verdict] += count;
    return *this;
}

void EngineCounters::count_undecoded(decode::DecodeStatus status, classifiers::Anomaly anomaly,
                                     std::size_t wire_bytes) noexcept {
    ++packets;
    bytes += wire_bytes;
    switch (status) {
        case decode::DecodeStatus::Ok: break;
        case decode::DecodeStatus::NotInspected: ++packets_not_inspected; break;
        case decode::DecodeStatus::Fragment:
            ++packets_fragmented;
            anomalies.add(anomaly);
            break;
        case decode::DecodeStatus::Malformed:
            ++packets_malformed;
            anomalies.add(anomaly);
            break;
    }
}

void EngineCounters::count_decision(const classifiers::Observations& observations, std::string_view service,
                                    std::string_view verdict, bool first_decision, std::size_t techniques_from) {
    if (first_decision) {
        ++flows_decided;
        ++names_by_source[static_cast<std::size_t>(observations.host_source)];
        ++flows_by_service[std::string{service.empty() ? "(none)" : service}];
        ++flows_by_verdict[std::string{verdict}];
    }
    for (std::size_t i = techniques_from; i < observations.techniques.size(); ++i) {
        ++techniques[static_cast<std::size_t>(observations.techniques[i].technique)];
    }
}

}  // namespace schoolgate::gateway::engine
