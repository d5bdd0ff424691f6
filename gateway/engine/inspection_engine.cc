#include "gateway/engine/inspection_engine.h"

#include "classifiers/circumvention/derive_techniques.h"
#include "classifiers/host_name.h"
#include "classifiers/limits.h"
#include "classifiers/ndpi/ndpi_mapping.h"
#include "config/policy/decide.h"
#include "gateway/events/verdict_event.h"

namespace schoolgate::gateway::engine {

namespace {

using classifiers::Direction;
using classifiers::HostSource;
using classifiers::Transport;

constexpr std::uint64_t kExpiryCheckIntervalUs = 1'000'000;

WallTime to_wall_time(std::uint64_t us) { return WallTime{std::chrono::microseconds{us}}; }

// Multicast and limited-broadcast traffic (mDNS, LLMNR, SSDP, DHCP) never leaves the school's own link, so
// it can be neither a listed service nor a way around the filter: nDPI's opinion on it would decide nothing,
// and on a busy LAN it is a large share of the flows nDPI would otherwise be asked about.
bool stays_on_local_link(const flow::FlowEntry& flow) noexcept {
    const auto& low = flow.key.low_address;
    const auto& high = flow.key.high_address;
    return low.is_multicast() || high.is_multicast() || low.is_limited_broadcast() || high.is_limited_broadcast();
}

}  // namespace

InspectionEngine::InspectionEngine(const EngineConfig& config, std::shared_ptr<const policy::PolicySnapshot> snapshot,
                                   events::EventSink& sink)
    : config_(config),
      snapshot_(std::move(snapshot)),
      sink_(sink),
      dns_cache_(config.dns_cache_capacity),
      ndpi_(config.ndpi_second_opinion ? std::make_unique<classifiers::ndpi::NdpiModule>() : nullptr),
      flows_(config.flows, [this](flow::FlowEntry& flow, flow::FlowEndReason reason) { on_flow_end(flow, reason); }) {}

void InspectionEngine::set_snapshot(std::shared_ptr<const policy::PolicySnapshot> snapshot) noexcept {
    snapshot_ = std::move(snapshot);
}

void InspectionEngine::on_undecoded(const decode::DecodeOutcome& outcome, std::size_t wire_bytes) noexcept {
    ++counters_.packets;
    counters_.bytes += wire_bytes;
    switch (outcome.status) {
        case decode::DecodeStatus::Ok: break;
        case decode::DecodeStatus::NotInspected: ++counters_.packets_not_inspected; break;
        case decode::DecodeStatus::Fragment:
            ++counters_.packets_fragmented;
            counters_.anomalies.add(outcome.anomaly);
            break;
        case decode::DecodeStatus::Malformed:
            ++counters_.packets_malformed;
            counters_.anomalies.add(outcome.anomaly);
            break;
    }
}

namespace {

PacketVerdict verdict_of(const flow::FlowEntry& flow) noexcept {
    if (flow.blocked) return PacketVerdict::Block;
    return flow.stage == flow::FlowStage::Settled ? PacketVerdict::PassSettled : PacketVerdict::Pass;
}

}  // namespace

PacketVerdict InspectionEngine::on_decoded(const decode::DecodeOutcome& outcome, const decode::PacketView& packet,
                                          std::size_t wire_bytes) {
    if (outcome.status == decode::DecodeStatus::NotInspected && packet.ip_protocol != 0) {
        return on_other_protocol(packet, wire_bytes);
    }
    if (outcome.status != decode::DecodeStatus::Ok) {
        // Counted and let through: a malformed packet is not ours to judge, and the kernel or the server
        // drops what is really broken.
        on_undecoded(outcome, wire_bytes);
        return PacketVerdict::Pass;
    }
    return on_packet(packet);
}

PacketVerdict InspectionEngine::on_packet(const decode::PacketView& packet) {
    ++counters_.packets;
    counters_.bytes += packet.frame_bytes;
    const auto now_us = static_cast<std::uint64_t>(packet.ts.time_since_epoch().count());
    if (now_us >= next_expiry_check_us_) {
        flows_.expire_idle(now_us);
        next_expiry_check_us_ = now_us + kExpiryCheckIntervalUs;
    }
    const auto hit = flows_.track(packet);
    if (hit.direction == Direction::ClientToServer && hit.flow->client_mac.is_zero()) hit.flow->client_mac = packet.src_mac;
    if (hit.flow->stage == flow::FlowStage::Settled) {
        ++counters_.packets_settled_path;
        return verdict_of(*hit.flow);
    }
    inspect(*hit.flow, hit.direction, packet);
    return verdict_of(*hit.flow);
}

void InspectionEngine::inspect(flow::FlowEntry& flow, Direction direction, const decode::PacketView& packet) {
    if (!flow.inspector) flow.inspector = std::make_unique<classifiers::FlowInspector>(flow.key.transport, flow.server_port());
    classifiers::ClassifierContext context{dns_cache_, flow.last_seen_us, &tunnel_detector_};
    auto status = classifiers::InspectStatus::NeedMore;
    if (packet.transport == Transport::Tcp) {
        if (packet.tcp_flags & decode::kTcpSyn) flow.inspector->on_tcp_syn(direction, packet.tcp_seq);
        status = flow.inspector->on_tcp_segment(direction, packet.tcp_seq, packet.payload, context);
        // FIN or RST ends the first flight: nothing more will come to inspect.
        if (packet.tcp_flags & (decode::kTcpFin | decode::kTcpRst)) status = classifiers::InspectStatus::Done;
    } else {
        status = flow.inspector->on_udp_datagram(direction, packet.payload, context);
    }
    if (!flow.inspector->last_segment_progressed()) ++flow.inspected_packets;
    if (ndpi_ && !flow.ndpi_done) ask_ndpi(flow, packet);

    // Decide as soon as there is something to decide on (a name, a technique), and again when a name or a
    // new technique turns up later (a DNS flow that starts to look like a tunnel).
    const auto& seen = flow.inspector->observations();
    const bool new_name = !flow.recorded_host && !seen.host.empty();
    const bool new_technique = seen.techniques.size() > flow.recorded_techniques;
    if (new_name || new_technique) decide_and_record(flow, flow.last_seen_us);
    if (status == classifiers::InspectStatus::Done) {
        settle(flow, flow.last_seen_us);
    } else if (flow.inspected_packets >= (seen.under_watch ? classifiers::limits::kMaxWatchedPackets
                                                           : config_.inspection_packet_budget)) {
        ++counters_.inspection_budget_exhausted;
        settle(flow, flow.last_seen_us);
    }
}

// nDPI is asked only about flows none of our classifiers claimed, from their first unclaimed payload, and
// only until it is sure or its budget runs out. A flow our classifiers claim later frees its nDPI state.
void InspectionEngine::ask_ndpi(flow::FlowEntry& flow, const decode::PacketView& packet) {
    if (!flow.inspector->classifier_name().empty()) {
        flow.ndpi.reset();
        flow.ndpi_done = true;
        return;
    }
    if (!flow.ndpi) {
        if (packet.payload.empty() || packet.ip_packet.empty()) return;
        if (stays_on_local_link(flow)) {
            flow.ndpi_done = true;
            ++counters_.ndpi_flows_local_skipped;
            return;
        }
        flow.ndpi = std::make_unique<classifiers::ndpi::NdpiFlow>(*ndpi_);
        ++counters_.ndpi_flows;
    }
    // The reading (names, risks, category) is built once, when nDPI is done, not for every packet fed.
    if (flow.ndpi->advance(packet.ip_packet, flow.last_seen_us / 1000)) finish_ndpi(flow, flow.ndpi->reading());
}

void InspectionEngine::finish_ndpi(flow::FlowEntry& flow, classifiers::ndpi::NdpiReading reading) {
    flow.ndpi.reset();
    flow.ndpi_done = true;
    if (!flow.inspector || !reading.known) return;
    auto& observations = flow.inspector->observations();
    observations.ndpi_protocol = reading.protocol;
    observations.ndpi_risks = std::move(reading.risks);
    if (observations.host.empty() && !reading.server_name.empty()) {
        if (auto name = classifiers::normalise_host_name(reading.server_name)) {
            observations.host = std::move(*name);
            observations.host_source = HostSource::Ndpi;
        }
    }
    if (const auto technique = classifiers::ndpi::technique_for(reading, flow.server_port())) {
        observations.note_technique(technique->technique, technique->confidence,
                                    "nDPI " + classifiers::ndpi::NdpiModule::version() + " reads this flow as " +
                                        reading.protocol);
    }
}

void InspectionEngine::settle(flow::FlowEntry& flow, std::uint64_t at_us) {
    if (flow.ndpi) finish_ndpi(flow, flow.ndpi->giveup());
    if (!flow.decided) decide_and_record(flow, at_us);
    if (flow.inspector) {
        for (auto anomaly : flow.inspector->observations().anomalies) counters_.anomalies.add(anomaly);
    }
    flow.inspector.reset();  // settled flows keep no inspection state
    flow.stage = flow::FlowStage::Settled;
}

// Names the flow when it carried no name of its own: first from an earlier DNS answer for the server's
// address, then from the catalogue's IP ranges.
void InspectionEngine::identify(const flow::FlowEntry& flow, classifiers::Observations& observations,
                                std::uint64_t at_us) {
    const auto& catalogue = snapshot_->policy->catalogue();
    if (observations.host.empty()) {
        if (const auto name = dns_cache_.lookup(flow.server_address(), at_us)) {
            observations.set_host(std::string{*name}, HostSource::Dns, observations.classifier);
        }
    }
    if (!observations.host.empty()) {
        if (classifiers::is_ip_literal(observations.host)) {
            observations.service = catalogue.match_address(*net::IpAddress::parse(observations.host));
        } else {
            observations.service = catalogue.match_host(observations.host);
        }
        return;
    }
    observations.service = catalogue.match_address(flow.server_address());
    if (observations.service != classifiers::kNoService) {
        observations.host_source = HostSource::Ip;
        return;
    }
    // Last, nDPI's reading: a second opinion, never preferred to a name or a published range.
    if (!observations.ndpi_protocol.empty()) {
        observations.service = snapshot_->ndpi_services.service_for_protocol(observations.ndpi_protocol);
        observations.service_from_ndpi = observations.service != classifiers::kNoService;
    }
}

// Techniques that need the policy's own facts: the school's resolvers.
void InspectionEngine::note_policy_techniques(const flow::FlowEntry& flow, classifiers::Observations& observations) {
    const auto& circumvention = snapshot_->policy->circumvention();
    if (observations.classifier != "dns" || circumvention.school_resolvers.empty()) return;
    if (circumvention.is_school_resolver(flow.server_address())) return;
    observations.note_technique(classifiers::Technique::DnsExternalResolver, classifiers::Confidence::High,
                                "DNS to " + flow.server_address().to_string() + ":" + std::to_string(flow.server_port()) +
                                    ", not one of the school's resolvers");
}

void InspectionEngine::decide_and_record(flow::FlowEntry& flow, std::uint64_t at_us) {
    classifiers::Observations empty;
    auto& observations = flow.inspector ? flow.inspector->observations() : empty;
    identify(flow, observations, at_us);
    const auto& policy = *snapshot_->policy;
    classifiers::derive_techniques({flow.key.transport, flow.server_port(), flow.server_address()},
                                   policy.circumvention().indicators, observations);
    note_policy_techniques(flow, observations);
    const auto subject = policy.subjects().identify(flow.client_address(), flow.client_mac, flow.key.vlan_id);
    const auto decision = config::decide_flow(policy, subject, observations, to_wall_time(at_us));
    const bool first_decision = !flow.decided;
    flow.decided = true;
    flow.recorded_host = !observations.host.empty();
    flow.recorded_techniques = static_cast<std::uint8_t>(observations.techniques.size());
    flow.blocked = decision.action == config::model::Action::Block;
    if (first_decision) {
        ++counters_.flows_decided;
        ++counters_.names_by_source[static_cast<std::size_t>(observations.host_source)];
        const auto service = policy.catalogue().name(observations.service);
        ++counters_.flows_by_service[std::string{service.empty() ? "(none)" : service}];
        ++counters_.flows_by_verdict[std::string{config::model::action_name(decision.action)}];
    }
    for (const auto& technique : observations.techniques) ++counters_.techniques[static_cast<std::size_t>(technique.technique)];
    if (decision.action != config::model::Action::Allow || decision.reportable || config_.record_allowed) {
        record(flow, observations, subject, decision, at_us);
    }
    // After the flow's own event, so the alert follows the attempt that raised it.
    if (flow.blocked) track_attempt(flow.client_address(), subject, observations, decision, at_us);
}

void InspectionEngine::record(const flow::FlowEntry& flow, const classifiers::Observations& observations,
                              const config::Subject& subject, const config::FlowDecision& decision,
                              std::uint64_t at_us, std::string_view other_transport) {
    const auto& policy = *snapshot_->policy;
    events::VerdictEvent event;
    event.kind = decision.reportable ? "circumvention" : "verdict";
    event.ts = to_wall_time(at_us);
    event.policy_generation = snapshot_->generation;
    event.flow_id = flow.id;
    event.transport = flow.key.transport;
    event.other_transport = other_transport;
    event.src_ip = flow.client_address();
    event.src_port = flow.client_port();
    event.dst_ip = flow.server_address();
    event.dst_port = flow.server_port();
    event.vlan_id = flow.key.vlan_id;
    event.host = observations.host;
    event.host_source = observations.host_source;
    event.service = std::string{policy.catalogue().name(observations.service)};
    if (!event.service.empty()) {
        event.service_source = observations.service_from_ndpi                              ? "ndpi"
                               : observations.host_source == classifiers::HostSource::Ip     ? "ip"
                               : observations.host_source == classifiers::HostSource::Ndpi ? "ndpi"
                                                                                          : "name";
    }
    event.classifier = observations.classifier;
    event.tls = observations.tls;
    event.observations = classifiers::handshake_shape_names(observations.handshake_shape);
    for (auto anomaly : observations.anomalies) event.anomalies.push_back(classifiers::anomaly_name(anomaly));
    for (const auto& verdict : decision.techniques) {
        event.techniques.push_back({classifiers::technique_name(verdict.signal->technique),
                                    classifiers::confidence_name(verdict.signal->confidence), verdict.signal->evidence,
                                    config::model::technique_action_name(verdict.action)});
    }
    event.ndpi_protocol = observations.ndpi_protocol;
    event.ndpi_risks = observations.ndpi_risks;
    event.role = subject.role;
    event.user = subject.user;
    event.device = subject.device;
    event.period = config::period_label(decision.service.moment);
    if (decision.service.exemption && decision.action != config::model::Action::Block) {
        event.exemption = decision.service.exemption->written.id;
    }
    event.verdict = config::model::action_name(decision.action);
    event.rule = decision.rule;
    event.reason = decision.reason;
    event.school_time = policy.local_time_text(event.ts);
    event.packets = flow.packets;
    sink_.record(event);
    ++counters_.events_written;
    if (decision.alert) {
        std::vector<std::string_view> techniques;
        for (const auto& verdict : decision.techniques) {
            if (verdict.action == config::model::TechniqueAction::Alert) {
                techniques.push_back(classifiers::technique_name(verdict.signal->technique));
            }
        }
        raise_alert(flow.client_address(), subject, "circumvention", 1, 1, at_us, {}, std::move(techniques),
                    "The school's policy asks for an alert when this is seen: " + decision.reason, at_us);
    }
}

// What a blocked flow was an attempt at: its service, else the technique that blocked it.
void InspectionEngine::track_attempt(const net::IpAddress& client, const config::Subject& subject,
                                     const classifiers::Observations& observations,
                                     const config::FlowDecision& decision, std::uint64_t at_us) {
    const auto& policy = *snapshot_->policy;
    const auto& circumvention = policy.circumvention();
    std::string target{policy.catalogue().name(observations.service)};
    if (target.empty()) {
        for (const auto& verdict : decision.techniques) {
            if (verdict.blocks) {
                target = classifiers::technique_name(verdict.signal->technique);
                break;
            }
        }
    }
    if (target.empty()) target = decision.rule;
    const std::string who = !subject.user.empty()     ? "user:" + subject.user
                            : !subject.device.empty() ? "device:" + subject.device
                                                      : "ip:" + client.to_string();
    const std::uint64_t window_us = std::uint64_t{circumvention.repeated_window_seconds} * 1'000'000;
    auto alert = attempts_.on_blocked(who, target, at_us, circumvention.repeated_attempts, window_us);
    if (!alert) return;
    std::vector<std::string> services;
    std::vector<std::string_view> techniques{classifiers::technique_name(classifiers::Technique::RepeatedAttempts)};
    for (auto& name : alert->targets) {
        if (auto technique = classifiers::technique_from_name(name)) {
            techniques.push_back(classifiers::technique_name(*technique));
        } else {
            services.push_back(std::move(name));
        }
    }
    std::sort(techniques.begin(), techniques.end());
    const std::string reason = std::to_string(alert->attempts) + " blocked attempts within " +
                               std::to_string(circumvention.repeated_window_seconds / 60) +
                               " minutes: the school's policy raises an alert at " +
                               std::to_string(circumvention.repeated_attempts) + ".";
    raise_alert(client, subject, "repeated_attempts", alert->attempts, circumvention.repeated_window_seconds,
                alert->first_attempt_us, std::move(services), std::move(techniques), reason, at_us);
}

void InspectionEngine::raise_alert(const net::IpAddress& client, const config::Subject& subject, std::string_view kind,
                                   std::uint32_t attempts, std::uint32_t window_seconds, std::uint64_t first_us,
                                   std::vector<std::string> services, std::vector<std::string_view> techniques,
                                   std::string reason, std::uint64_t at_us) {
    const auto& policy = *snapshot_->policy;
    events::AlertEvent alert;
    alert.ts = to_wall_time(at_us);
    alert.policy_generation = snapshot_->generation;
    alert.alert = kind;
    alert.src_ip = client;
    alert.role = subject.role;
    alert.user = subject.user;
    alert.device = subject.device;
    alert.attempts = attempts;
    alert.window_seconds = window_seconds;
    alert.first_attempt = to_wall_time(first_us);
    alert.services = std::move(services);
    alert.techniques = std::move(techniques);
    alert.reason = std::move(reason);
    alert.school_time = policy.local_time_text(alert.ts);
    alert.period = config::period_label(policy.moment(alert.ts));
    sink_.record(alert);
    ++counters_.alerts_raised;
}

PacketVerdict InspectionEngine::on_other_protocol(const decode::PacketView& packet, std::size_t wire_bytes) {
    ++counters_.packets;
    counters_.bytes += wire_bytes;
    ++counters_.packets_not_inspected;
    constexpr std::uint8_t kGre = 47;
    constexpr std::uint8_t kEsp = 50;
    if (packet.ip_protocol != kEsp && packet.ip_protocol != kGre) return PacketVerdict::Pass;
    const auto at_us = static_cast<std::uint64_t>(packet.ts.time_since_epoch().count());
    std::string key = packet.src.to_string() + ">" + packet.dst.to_string() + "/" + std::to_string(packet.ip_protocol);
    std::string reverse = packet.dst.to_string() + ">" + packet.src.to_string() + "/" + std::to_string(packet.ip_protocol);
    if (tunnels_seen_.count(key) || tunnels_seen_.count(reverse)) return PacketVerdict::Pass;
    constexpr std::size_t kMaxTunnelsRemembered = 4096;
    if (tunnels_seen_.size() >= kMaxTunnelsRemembered) tunnels_seen_.clear();
    tunnels_seen_.insert(std::move(key));

    classifiers::Observations observations;
    const bool esp = packet.ip_protocol == kEsp;
    // ESP is only ever IPsec. GRE also carries routers' own tunnels, so alone it is weak evidence of PPTP.
    observations.note_technique(esp ? classifiers::Technique::VpnIpsec : classifiers::Technique::VpnPptp,
                                esp ? classifiers::Confidence::Medium : classifiers::Confidence::Low,
                                std::string{esp ? "ESP packets (IP protocol 50)" : "GRE packets (IP protocol 47)"} +
                                    " from " + packet.src.to_string() + " to " + packet.dst.to_string());
    flow::FlowEntry tunnel;
    tunnel.key.low_address = packet.src;
    tunnel.key.high_address = packet.dst;
    tunnel.client_is_low = true;
    tunnel.client_mac = packet.src_mac;
    tunnel.key.vlan_id = packet.vlan_id;
    tunnel.packets = 1;
    const auto& policy = *snapshot_->policy;
    const auto subject = policy.subjects().identify(packet.src, packet.src_mac, packet.vlan_id);
    const auto decision = config::decide_flow(policy, subject, observations, to_wall_time(at_us));
    ++counters_.techniques[static_cast<std::size_t>(observations.techniques.front().technique)];
    if (decision.action == config::model::Action::Block) {
        track_attempt(packet.src, subject, observations, decision, at_us);
    }
    record(tunnel, observations, subject, decision, at_us, esp ? "esp" : "gre");
    return decision.action == config::model::Action::Block ? PacketVerdict::Block : PacketVerdict::Pass;
}

void InspectionEngine::on_flow_end(flow::FlowEntry& flow, flow::FlowEndReason) {
    if (flow.stage == flow::FlowStage::Inspecting) settle(flow, flow.last_seen_us);
}

void InspectionEngine::finish() { flows_.end_all(); }

}  // namespace schoolgate::gateway::engine
