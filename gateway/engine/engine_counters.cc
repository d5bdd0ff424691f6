#include "gateway/engine/engine_counters.h"

#include "config/model/policy_model.h"

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
    if (flows_by_service_id.size() < other.flows_by_service_id.size()) {
        flows_by_service_id.resize(other.flows_by_service_id.size());
    }
    for (std::size_t i = 0; i < other.flows_by_service_id.size(); ++i) flows_by_service_id[i] += other.flows_by_service_id[i];
    for (std::size_t i = 0; i < flows_by_action.size(); ++i) flows_by_action[i] += other.flows_by_action[i];
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

void EngineCounters::count_decision(const classifiers::Observations& observations, config::model::Action verdict,
                                    bool first_decision, std::size_t techniques_from) {
    if (first_decision) {
        ++flows_decided;
        ++names_by_source[static_cast<std::size_t>(observations.host_source)];
        if (observations.service >= flows_by_service_id.size()) flows_by_service_id.resize(observations.service + 1u);
        ++flows_by_service_id[observations.service];
        ++flows_by_action[static_cast<std::size_t>(verdict)];
    }
    for (std::size_t i = techniques_from; i < observations.techniques.size(); ++i) {
        ++techniques[static_cast<std::size_t>(observations.techniques[i].technique)];
    }
}

static_assert(static_cast<std::size_t>(config::model::Action::Monitor) + 1 == kActionCount);

void EngineCounters::name_flow_counts(const classifiers::services::ServiceCatalogue& catalogue) {
    for (std::size_t id = 0; id < flows_by_service_id.size(); ++id) {
        if (flows_by_service_id[id] == 0) continue;
        const auto name = catalogue.name(static_cast<classifiers::ServiceId>(id));  // empty for none
        flows_by_service[std::string{name.empty() ? "(none)" : name}] += flows_by_service_id[id];
        flows_by_service_id[id] = 0;
    }
    for (std::size_t i = 0; i < flows_by_action.size(); ++i) {
        if (flows_by_action[i] == 0) continue;
        flows_by_verdict[std::string{config::model::action_name(static_cast<config::model::Action>(i))}] += flows_by_action[i];
        flows_by_action[i] = 0;
    }
}

}  // namespace schoolgate::gateway::engine
