#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/flow_classifier.h"
#include "classifiers/observations.h"
#include "common/net/ip_address.h"
#include "common/time/wall_time.h"

namespace schoolgate::gateway::events {

inline constexpr int kSchemaVersion = 1;

/// One circumvention technique on a flow, with what showed it and what the policy did about it.
struct TechniqueRecord {
    std::string_view name;        ///< "vpn.openvpn" (classifiers::technique_name)
    std::string_view confidence;  ///< "low", "medium", "high"
    std::string evidence;         ///< the detector's sentence; escaped and capped when written
    std::string_view action;      ///< "log", "block", "alert"
};

/// One decided flow, as the e-safety officer's log records it (docs/schema/events.schema.json, event
/// "verdict"). Plain data; the serializer escapes and caps every untrusted string.
struct VerdictEvent {
    /// "verdict", or "circumvention" when at least one technique was seen on the flow (same fields).
    std::string_view kind = "verdict";
    WallTime ts{};  ///< packet time of the packet that decided the flow (UTC)
    std::uint64_t policy_generation = 0;
    std::uint64_t flow_id = 0;
    classifiers::Transport transport = classifiers::Transport::Tcp;
    /// Overrides `transport` for packets that are neither TCP nor UDP ("esp", "gre"); empty otherwise.
    std::string_view other_transport;
    net::IpAddress src_ip;  ///< the client: the side that opened the flow
    std::uint16_t src_port = 0;
    net::IpAddress dst_ip;
    std::uint16_t dst_port = 0;
    std::uint16_t vlan_id = 0;

    std::string host;  ///< normalised; empty when none
    std::string other_host;  ///< the name the other copy of the flow's bytes gave (tcp.overlap); empty when none
    classifiers::HostSource host_source = classifiers::HostSource::None;
    std::string service;            ///< catalogue name; empty when not a listed service
    std::string_view classifier;    ///< "tls", "dns", "http", or empty
    std::optional<classifiers::TlsFacts> tls;
    std::vector<std::string_view> observations;  ///< handshake shapes: "tls.record_split", ...
    std::vector<std::string_view> anomalies;
    std::vector<TechniqueRecord> techniques;
    /// "name" (a host name seen on the wire or in DNS), "ip" (the catalogue's address ranges) or "ndpi"
    /// (nDPI's reading alone); empty when no service was named.
    std::string_view service_source;
    std::string ndpi_protocol;  ///< nDPI's reading when it was asked; empty otherwise
    std::vector<std::string> ndpi_risks;

    std::string role;
    std::string user;
    std::string device;
    /// Where user and device came from: "policy", "radius", "dhcp" or "network" (config::Subject).
    std::string_view identity_source = "network";
    /// Seconds since the RADIUS session or DHCP lease that named the user began; absent when unknown.
    std::optional<std::uint64_t> binding_age_s;
    std::string_view verdict;  ///< "allow", "block", "monitor"
    std::string rule;
    std::string reason;
    std::string school_time;  ///< RFC 3339 local time with offset
    std::string period;       ///< "P2 (lesson)"; empty outside periods
    std::string exemption;    ///< id of the exemption that allowed the flow, if one did
    std::uint32_t packets = 0;  ///< packets of the flow seen when it was decided
};

}  // namespace schoolgate::gateway::events

namespace schoolgate::gateway::events {

/// Repeated blocked attempts by one person or device within the policy's window, raised once per window
/// (docs/schema/events.schema.json, event "alert").
struct AlertEvent {
    WallTime ts{};
    std::uint64_t policy_generation = 0;
    std::string_view alert = "repeated_attempts";  ///< or "circumvention": a technique whose action is alert
    net::IpAddress src_ip;
    std::string role;
    std::string user;
    std::string device;
    std::uint32_t attempts = 0;       ///< blocked attempts counted in the window
    std::uint32_t window_seconds = 0;
    WallTime first_attempt{};
    std::vector<std::string> services;      ///< distinct services tried, sorted
    std::vector<std::string_view> techniques;  ///< distinct techniques seen in the attempts, sorted
    std::string rule;  ///< what asked for the alert: a circumvention rule's name, or circumvention.repeated_attempts
    std::string reason;
    std::string school_time;
    std::string period;
};

}  // namespace schoolgate::gateway::events
