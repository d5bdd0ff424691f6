#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers {

enum class Maturity : std::uint8_t { Experimental, Stable };

/// What a probe sees: the first bytes the client sent (a stream prefix for TCP, a datagram for UDP).
struct ProbeInput {
    Transport transport;
    std::uint16_t server_port;
    std::span<const std::uint8_t> client_bytes;
    /// A UDP flow's later datagram, after earlier ones no classifier claimed (junk first is an evasion):
    /// only probes that read a whole, exact opening message are asked (ClassifierEntry::probes_later_datagrams).
    bool later_datagram = false;
};

/// One row per classifier: how to recognise its protocol and how to make its per-flow state.
struct ClassifierEntry {
    std::string_view name;
    bool over_tcp;
    bool over_udp;
    std::array<std::uint16_t, 4> port_hints;  ///< ports that select the classifier on their own (0 = unused)
    /// Content check on a prefix of the client's bytes: true when the prefix is consistent with the
    /// protocol (a 1-byte prefix may say yes; the classifier itself reports if it was wrong).
    bool (*probe)(std::span<const std::uint8_t> client_bytes) noexcept;
    std::unique_ptr<FlowClassifier> (*create)();
    std::size_t max_probe_bytes;  ///< after this many client bytes with no match, the probe gives up
    bool reads_server_stream;     ///< whether the server's TCP bytes are reassembled for it (DNS answers)
    Maturity maturity;
    /// The probe is exact enough (lengths, types, versions) to be asked about a UDP flow's later datagrams
    /// without matching random payloads: QUIC, WireGuard, IKE, L2TP. OpenVPN's reset opcode is not.
    bool probes_later_datagrams;
};

/// The one dispatch table (classifiers/registry.cc). Order matters: port hints win, then content probes in
/// table order.
std::span<const ClassifierEntry> classifier_registry() noexcept;

/// The classifier for a flow, or nullptr when none claims it (yet). Port hints are checked first, so a
/// DNS flow is DNS whatever its first bytes look like.
const ClassifierEntry* select_classifier(const ProbeInput& input) noexcept;

}  // namespace schoolgate::classifiers
