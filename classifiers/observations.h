#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/anomaly.h"
#include "classifiers/circumvention/technique.h"
#include "classifiers/services/service_id.h"

namespace schoolgate::classifiers {

/// Where a flow's host name came from. Wire names (host_source in events) are stable.
enum class HostSource : std::uint8_t { None, Tls, Quic, Http, HttpConnect, Socks, Dns, Ndpi, Ip };
std::string_view host_source_name(HostSource source) noexcept;

/// Facts about the way a handshake arrived, which later become circumvention evidence. Bit flags.
enum class HandshakeShape : std::uint8_t {
    FragmentedClientHello = 1 << 0,  ///< "tls.fragmented_client_hello": split into deliberately small segments
    RecordSplit = 1 << 1,            ///< "tls.record_split": the ClientHello spanned several TLS records
    OutOfOrder = 1 << 2,             ///< "tcp.out_of_order": a later segment arrived before an earlier one
};
std::vector<std::string_view> handshake_shape_names(std::uint8_t shape_bits);

/// What the TLS ClientHello said, beyond the name.
struct TlsFacts {
    std::vector<std::string> alpn;               ///< at most limits::kMaxAlpnProtocols, printable only
    std::vector<std::uint16_t> supported_versions;  ///< GREASE values removed
    bool ech = false;   ///< encrypted_client_hello (0xfe0d) present (GREASE ECH looks the same on the wire)
    bool esni = false;  ///< the draft encrypted_server_name (0xffce) present
    std::uint16_t client_hello_segments = 0;  ///< TCP segments that carried the ClientHello
    std::uint16_t client_hello_records = 0;   ///< TLS records that carried it
};

/// One named message of a conversation: a DNS query, an HTTP/1.x request, a QUIC ClientHello.
struct NamedMessage {
    std::string host;  ///< normalised
    HostSource source = HostSource::None;
    bool same_as_last = false;  ///< the message before it named the same host, from the same source
};

/// The facts classifiers establish about one flow. No policy: nothing here says allow or block.
struct Observations {
    std::string host;  ///< normalised; empty when no name was seen
    /// A name the flow's other copy of its bytes gives, where copies disagreed (tcp.overlap) and it differs
    /// from `host`: the flow is decided on both.
    std::string other_host;
    HostSource host_source = HostSource::None;
    /// Name of the classifier that claimed the flow ("tls", "dns", "openvpn", ...), empty if none did.
    std::string_view classifier;
    ServiceId service = kNoService;
    std::optional<TlsFacts> tls;
    std::uint8_t handshake_shape = 0;  ///< HandshakeShape bits
    std::vector<Anomaly> anomalies;    ///< distinct anomalies seen on this flow (bounded by kAnomalyCount)
    /// Circumvention techniques seen on this flow, one entry per technique (bounded by kTechniqueCount).
    std::vector<TechniqueSignal> techniques;
    /// nDPI's reading when it was asked (flows our own classifiers did not settle): "TLS.Facebook".
    std::string ndpi_protocol;
    std::vector<std::string> ndpi_risks;  ///< nDPI risk names, kept as evidence
    bool service_from_ndpi = false;       ///< the service rests on nDPI's reading alone
    bool service_from_address = false;  ///< the published ranges decided over the flow's name (domain_fronting)
    /// Set by a classifier that reads every message of a flow, not only the first (DNS queries on one
    /// socket, HTTP/1.x requests on a keep-alive or pipelined connection, QUIC client Initials): once the flow
    /// has named a message, the engine keeps it inspected (no packet budget, no padding net) until the
    /// classifier is done or limits::kMaxConversationMessages, and decides every message in `new_messages`.
    bool conversation = false;
    /// The verdict is per message, not per flow (DNS over UDP: each datagram is a query of its own, so a
    /// blocked query is dropped alone and the socket's other queries are answered). Elsewhere a block sticks.
    bool verdict_per_message = false;
    /// Messages named since the engine last took them, in the order they came (several when one segment
    /// carried pipelined requests or several DNS messages); bounded by what one reassembly window holds.
    std::vector<NamedMessage> new_messages;
    std::uint32_t messages = 0;  ///< messages named on this flow so far

    /// A conversation's message: the flow's host becomes its name, and the engine decides it.
    void add_message(std::string name, HostSource source, std::string_view from_classifier) {
        const bool same_as_last = messages > 0 && host == name && host_source == source;
        host.assign(name);  // into the buffer the last name used: no allocation per message
        host_source = source;
        classifier = from_classifier;
        new_messages.push_back({std::move(name), source, same_as_last});
        ++messages;
    }

    void set_host(std::string name, HostSource source, std::string_view from_classifier) {
        host = std::move(name);
        host_source = source;
        classifier = from_classifier;
    }
    void note_anomaly(Anomaly anomaly);
    /// Records a technique; a second signal for the same technique keeps the more confident one.
    void note_technique(Technique technique, Confidence confidence, std::string evidence);
    bool has_technique(Technique technique) const noexcept;
    void note_shape(HandshakeShape shape) noexcept { handshake_shape |= static_cast<std::uint8_t>(shape); }
    bool has_shape(HandshakeShape shape) const noexcept {
        return (handshake_shape & static_cast<std::uint8_t>(shape)) != 0;
    }
};

}  // namespace schoolgate::classifiers
