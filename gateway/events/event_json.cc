#include "gateway/events/event_json.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdio>
#include <cstring>

#include "gateway/events/json_line_writer.h"

namespace schoolgate::gateway::events {

// Every object's keys are written in std::map order (byte-wise), which is the order nlohmann::json wrote
// them in when it built these lines: the lines stay byte-identical to the ones the event log always had.

namespace {

constexpr std::string_view kHexDigits = "0123456789abcdef";

/// Strings from the wire: at most kMaxUntrustedStringBytes of them, and `truncated` set when cut.
void capped_string(JsonLineWriter& json, std::string_view text, bool& truncated) {
    if (text.size() > kMaxUntrustedStringBytes) {
        truncated = true;
        text = text.substr(0, kMaxUntrustedStringBytes);
    }
    json.string(text);
}

template <typename Strings>
void string_array(JsonLineWriter& json, const Strings& strings) {
    json.begin_array();
    for (const auto& text : strings) json.string(text);
    json.end_array();
}

template <typename Strings>
void capped_string_array(JsonLineWriter& json, const Strings& strings, bool& truncated) {
    json.begin_array();
    for (const auto& text : strings) capped_string(json, text, truncated);
    json.end_array();
}

/// "%016llx".
void hex_id(JsonLineWriter& json, std::uint64_t id) {
    char text[16];
    for (int i = 15; i >= 0; --i) {
        text[i] = kHexDigits[id & 0x0F];
        id >>= 4;
    }
    json.plain_string({text, sizeof text});
}

/// The same text as net::IpAddress::to_string (inet_ntop), without a string of its own.
void ip_address(JsonLineWriter& json, const net::IpAddress& address) {
    const auto bytes = address.bytes();
    if (address.is_v4()) {
        // inet_ntop writes IPv4 as "%u.%u.%u.%u".
        char text[15];
        std::size_t length = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            if (i != 0) text[length++] = '.';
            const unsigned value = bytes[i];
            if (value >= 100) text[length++] = static_cast<char>('0' + value / 100);
            if (value >= 10) text[length++] = static_cast<char>('0' + value / 10 % 10);
            text[length++] = static_cast<char>('0' + value % 10);
        }
        json.plain_string({text, length});
        return;
    }
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
    json.plain_string({text, std::strlen(text)});
}

void put_digits(char* at, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        at[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

/// format_utc into `text`; returns its length. Digits are written directly for years 0..9999; any other
/// year goes through snprintf with the format this always used, so the text is the same for every time.
std::size_t format_utc_to(WallTime time, char (&text)[32]) {
    const auto ms = std::chrono::floor<std::chrono::milliseconds>(time);
    const auto days = std::chrono::floor<std::chrono::days>(ms);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss clock{ms - days};
    const int year = static_cast<int>(date.year());
    const unsigned month = static_cast<unsigned>(date.month());
    const unsigned day = static_cast<unsigned>(date.day());
    const auto hours = clock.hours().count();
    const auto minutes = clock.minutes().count();
    const auto seconds = clock.seconds().count();
    const auto millis = clock.subseconds().count();
    if (year < 0 || year > 9999 || month > 99 || day > 99 || hours < 0 || hours > 99 || minutes < 0 ||
        minutes > 99 || seconds < 0 || seconds > 99 || millis < 0 || millis > 999) {
        std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", year, month, day,
                      static_cast<int>(hours), static_cast<int>(minutes), static_cast<int>(seconds),
                      static_cast<int>(millis));
        return std::strlen(text);
    }
    // "2026-03-04T10:15:00.041Z"
    put_digits(text, static_cast<unsigned>(year), 4);
    text[4] = '-';
    put_digits(text + 5, month, 2);
    text[7] = '-';
    put_digits(text + 8, day, 2);
    text[10] = 'T';
    put_digits(text + 11, static_cast<unsigned>(hours), 2);
    text[13] = ':';
    put_digits(text + 14, static_cast<unsigned>(minutes), 2);
    text[16] = ':';
    put_digits(text + 17, static_cast<unsigned>(seconds), 2);
    text[19] = '.';
    put_digits(text + 20, static_cast<unsigned>(millis), 3);
    text[23] = 'Z';
    text[24] = '\0';
    return 24;
}

void utc(JsonLineWriter& json, WallTime time) {
    char text[32];
    const std::size_t length = format_utc_to(time, text);
    json.plain_string({text, length});
}

void tls_object(JsonLineWriter& json, const classifiers::TlsFacts& tls, bool& truncated) {
    json.begin_object();
    json.key("alpn");
    capped_string_array(json, tls.alpn, truncated);
    json.key("client_hello_records");
    json.uint(tls.client_hello_records);
    json.key("client_hello_segments");
    json.uint(tls.client_hello_segments);
    json.key("ech");
    json.boolean(tls.ech);
    json.key("esni");
    json.boolean(tls.esni);
    json.key("versions");
    json.begin_array();
    for (const std::uint16_t version : tls.supported_versions) json.uint(version);
    json.end_array();
    json.end_object();
}

}  // namespace

std::string format_utc(WallTime time) {
    char text[32];
    const std::size_t length = format_utc_to(time, text);
    return std::string(text, length);
}

namespace {

// The verdict event's keys from "anomalies" to "observations", in byte-wise order.
void flow_keys(JsonLineWriter& json, const VerdictEvent& event, bool& truncated) {
    if (!event.anomalies.empty()) {
        json.key("anomalies");
        string_array(json, event.anomalies);
    }
    if (event.binding_age_s) {
        json.key("binding_age_s");
        json.uint(*event.binding_age_s);
    }
    if (!event.classifier.empty()) {
        json.key("classifier");
        json.string(event.classifier);
    }
    if (!event.device.empty()) {
        json.key("device");
        json.string(event.device);
    }
    json.key("dst_ip");
    ip_address(json, event.dst_ip);
    json.key("dst_port");
    json.uint(event.dst_port);
    json.key("event");
    json.string(event.kind);
    if (!event.exemption.empty()) {
        json.key("exemption");
        json.string(event.exemption);
    }
    json.key("flow_id");
    hex_id(json, event.flow_id);
    if (!event.host.empty()) {
        json.key("host");
        capped_string(json, event.host, truncated);
    }
    if (!event.other_host.empty()) {
        json.key("other_host");
        capped_string(json, event.other_host, truncated);
    }
    if (event.host_source != classifiers::HostSource::None) {
        json.key("host_source");
        json.string(classifiers::host_source_name(event.host_source));
    }
    json.key("identity_source");
    json.string(event.identity_source);
    if (!event.ndpi_protocol.empty()) {
        json.key("ndpi");
        json.begin_object();
        json.key("protocol");
        capped_string(json, event.ndpi_protocol, truncated);
        json.key("risks");
        capped_string_array(json, event.ndpi_risks, truncated);
        json.end_object();
    }
    if (!event.observations.empty()) {
        json.key("observations");
        string_array(json, event.observations);
    }
}

// From "packets" to "src_port".
void decision_keys(JsonLineWriter& json, const VerdictEvent& event) {
    json.key("packets");
    json.uint(event.packets);
    if (!event.period.empty()) {
        json.key("period");
        json.string(event.period);
    }
    json.key("policy_generation");
    json.uint(event.policy_generation);
    json.key("reason");
    json.string(event.reason);
    json.key("role");
    json.string(event.role);
    json.key("rule");
    json.string(event.rule);
    json.key("schema_version");
    json.integer(kSchemaVersion);
    json.key("school_time");
    json.string(event.school_time);
    if (!event.service.empty()) {
        json.key("service");
        json.string(event.service);
    }
    if (!event.service_source.empty()) {
        json.key("service_source");
        json.string(event.service_source);
    }
    json.key("src_ip");
    ip_address(json, event.src_ip);
    json.key("src_port");
    json.uint(event.src_port);
}

// From "technique_evidence" to "vlan".
void evidence_keys(JsonLineWriter& json, const VerdictEvent& event, bool& truncated) {
    if (!event.techniques.empty()) {
        json.key("technique_evidence");
        json.begin_array();
        for (const auto& technique : event.techniques) {
            json.begin_object();
            json.key("action");
            json.string(technique.action);
            json.key("confidence");
            json.string(technique.confidence);
            json.key("evidence");
            capped_string(json, technique.evidence, truncated);
            json.key("technique");
            json.string(technique.name);
            json.end_object();
        }
        json.end_array();
        json.key("techniques");
        json.begin_array();
        for (const auto& technique : event.techniques) json.string(technique.name);
        json.end_array();
    }
    if (event.tls) {
        json.key("tls");
        tls_object(json, *event.tls, truncated);
    }
    json.key("transport");
    json.string(!event.other_transport.empty()                 ? event.other_transport
                : event.transport == classifiers::Transport::Tcp ? "tcp"
                                                                 : "udp");
    if (truncated) {
        json.key("truncated");
        json.boolean(true);
    }
    json.key("ts");
    utc(json, event.ts);
    if (!event.user.empty()) {
        json.key("user");
        json.string(event.user);
    }
    json.key("verdict");
    json.string(event.verdict);
    if (event.vlan_id != 0) {
        json.key("vlan");
        json.uint(event.vlan_id);
    }
}

}  // namespace

void append_json_line(const VerdictEvent& event, std::string& out) {
    JsonLineWriter json{out};
    // Every capped string comes before "truncated" in key order, so the flag is known when its turn comes.
    bool truncated = false;
    json.begin_object();
    flow_keys(json, event, truncated);
    decision_keys(json, event);
    evidence_keys(json, event, truncated);
    json.end_object();
}

void append_json_line(const AlertEvent& event, std::string& out) {
    JsonLineWriter json{out};
    json.begin_object();
    json.key("alert");
    json.string(event.alert);
    json.key("attempts");
    json.uint(event.attempts);
    if (!event.device.empty()) {
        json.key("device");
        json.string(event.device);
    }
    json.key("event");
    json.plain_string("alert");
    json.key("first_attempt");
    utc(json, event.first_attempt);
    if (!event.period.empty()) {
        json.key("period");
        json.string(event.period);
    }
    json.key("policy_generation");
    json.uint(event.policy_generation);
    json.key("reason");
    json.string(event.reason);
    json.key("role");
    json.string(event.role);
    json.key("rule");
    json.string(event.rule);
    json.key("schema_version");
    json.integer(kSchemaVersion);
    json.key("school_time");
    json.string(event.school_time);
    json.key("services");
    string_array(json, event.services);
    json.key("src_ip");
    ip_address(json, event.src_ip);
    json.key("techniques");
    string_array(json, event.techniques);
    json.key("ts");
    utc(json, event.ts);
    if (!event.user.empty()) {
        json.key("user");
        json.string(event.user);
    }
    json.key("window_seconds");
    json.uint(event.window_seconds);
    json.end_object();
}

void append_gap_json_line(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause,
                          std::string& out) {
    JsonLineWriter json{out};
    json.begin_object();
    json.key("cause");
    json.string(cause);
    json.key("event");
    json.plain_string("gap");
    json.key("lost");
    json.uint(lost);
    json.key("schema_version");
    json.integer(kSchemaVersion);
    json.key("since");
    utc(json, since);
    json.key("ts");
    utc(json, until);
    json.end_object();
}

std::string to_json_line(const VerdictEvent& event) {
    std::string line;
    line.reserve(512);
    append_json_line(event, line);
    return line;
}

std::string to_json_line(const AlertEvent& event) {
    std::string line;
    line.reserve(512);
    append_json_line(event, line);
    return line;
}

std::string gap_json_line(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause) {
    std::string line;
    line.reserve(160);
    append_gap_json_line(until, since, lost, cause, line);
    return line;
}

}  // namespace schoolgate::gateway::events
