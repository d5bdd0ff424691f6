// A verbatim copy of gateway/events/event_json.cc as of commit 1feb8f0 (nlohmann::json tree, then dump),
// moved into namespace reference. Do not "fix" it: it is the format the new writer must reproduce.
#include "unit/gateway/events/reference_event_json.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "gateway/events/event_json.h"  // kMaxUntrustedStringBytes

namespace schoolgate::gateway::events::reference {

namespace {

using nlohmann::json;

std::string capped(std::string_view text, bool& truncated) {
    if (text.size() <= kMaxUntrustedStringBytes) return std::string{text};
    truncated = true;
    return std::string{text.substr(0, kMaxUntrustedStringBytes)};
}

std::string hex_id(std::uint64_t id) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(id));
    return text;
}

json tls_object(const classifiers::TlsFacts& tls, bool& truncated) {
    json alpn = json::array();
    for (const auto& protocol : tls.alpn) alpn.push_back(capped(protocol, truncated));
    return {{"alpn", alpn},
            {"versions", tls.supported_versions},
            {"ech", tls.ech},
            {"esni", tls.esni},
            {"client_hello_segments", tls.client_hello_segments},
            {"client_hello_records", tls.client_hello_records}};
}

}  // namespace

std::string format_utc(WallTime time) {
    const auto ms = std::chrono::floor<std::chrono::milliseconds>(time);
    const auto days = std::chrono::floor<std::chrono::days>(ms);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss clock{ms - days};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
    return text;
}

std::string to_json_line(const VerdictEvent& event) {
    bool truncated = false;
    json line = {{"schema_version", kSchemaVersion},
                 {"ts", format_utc(event.ts)},
                 {"event", event.kind},
                 {"policy_generation", event.policy_generation},
                 {"flow_id", hex_id(event.flow_id)},
                 {"transport", !event.other_transport.empty() ? event.other_transport
                               : event.transport == classifiers::Transport::Tcp ? "tcp" : "udp"},
                 {"src_ip", event.src_ip.to_string()},
                 {"src_port", event.src_port},
                 {"dst_ip", event.dst_ip.to_string()},
                 {"dst_port", event.dst_port}};
    if (event.vlan_id != 0) line["vlan"] = event.vlan_id;
    if (!event.host.empty()) line["host"] = capped(event.host, truncated);
    if (event.host_source != classifiers::HostSource::None) {
        line["host_source"] = classifiers::host_source_name(event.host_source);
    }
    if (!event.service.empty()) line["service"] = event.service;
    if (!event.classifier.empty()) line["classifier"] = event.classifier;
    if (event.tls) line["tls"] = tls_object(*event.tls, truncated);
    if (!event.observations.empty()) line["observations"] = event.observations;
    if (!event.anomalies.empty()) line["anomalies"] = event.anomalies;
    if (!event.techniques.empty()) {
        json names = json::array();
        json evidence = json::array();
        for (const auto& technique : event.techniques) {
            names.push_back(technique.name);
            evidence.push_back({{"technique", technique.name},
                                {"confidence", technique.confidence},
                                {"evidence", capped(technique.evidence, truncated)},
                                {"action", technique.action}});
        }
        line["techniques"] = std::move(names);
        line["technique_evidence"] = std::move(evidence);
    }
    if (!event.service_source.empty()) line["service_source"] = event.service_source;
    if (!event.ndpi_protocol.empty()) {
        json risks = json::array();
        for (const auto& risk : event.ndpi_risks) risks.push_back(capped(risk, truncated));
        line["ndpi"] = {{"protocol", capped(event.ndpi_protocol, truncated)}, {"risks", std::move(risks)}};
    }
    line["role"] = event.role;
    if (!event.user.empty()) line["user"] = event.user;
    if (!event.device.empty()) line["device"] = event.device;
    line["identity_source"] = event.identity_source;
    if (event.binding_age_s) line["binding_age_s"] = *event.binding_age_s;
    line["verdict"] = event.verdict;
    line["rule"] = event.rule;
    line["reason"] = event.reason;
    line["school_time"] = event.school_time;
    if (!event.period.empty()) line["period"] = event.period;
    if (!event.exemption.empty()) line["exemption"] = event.exemption;
    line["packets"] = event.packets;
    if (truncated) line["truncated"] = true;
    // Replace, never throw, on bytes that are not UTF-8: evidence is written, and written safely.
    return line.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string to_json_line(const AlertEvent& event) {
    json line = {{"schema_version", kSchemaVersion},
                 {"ts", format_utc(event.ts)},
                 {"event", "alert"},
                 {"alert", event.alert},
                 {"policy_generation", event.policy_generation},
                 {"src_ip", event.src_ip.to_string()},
                 {"role", event.role}};
    if (!event.user.empty()) line["user"] = event.user;
    if (!event.device.empty()) line["device"] = event.device;
    line["attempts"] = event.attempts;
    line["window_seconds"] = event.window_seconds;
    line["first_attempt"] = format_utc(event.first_attempt);
    line["services"] = event.services;
    line["techniques"] = event.techniques;
    line["reason"] = event.reason;
    line["rule"] = event.rule;  // added with the field (issue 17: an alert names the rule that asked for it)
    line["school_time"] = event.school_time;
    if (!event.period.empty()) line["period"] = event.period;
    return line.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string gap_json_line(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause) {
    json line = {{"schema_version", kSchemaVersion},
                 {"ts", format_utc(until)},
                 {"event", "gap"},
                 {"since", format_utc(since)},
                 {"lost", lost},
                 {"cause", cause}};
    return line.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string json_string(std::string_view text) {
    return json(std::string{text}).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace schoolgate::gateway::events::reference
