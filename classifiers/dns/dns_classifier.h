#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "classifiers/dns/dns_message.h"
#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers::dns {

/// DNS over UDP and TCP (port 53). A conversation: every query on the socket is a message of its own
/// (Observations::add_message, host_source dns), so the engine decides each one, not only the first; over
/// UDP the verdict is per query (a blocked one is dropped alone and the others are answered). A and AAAA
/// answers are remembered in the worker's AddressNameCache under the question's name. Every query goes to
/// the worker's TunnelDetector, so a single-socket tunnel (iodine) is seen query by query. Done only on a
/// malformed message (or the engine's limits::kMaxConversationMessages). Over TCP, each message is preceded
/// by a 2-byte length (RFC 1035 §4.2.2), and messages read are released from the reassembled stream.
class DnsClassifier final : public FlowClassifier {
public:
    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                              Observations& observations, ClassifierContext& context) noexcept override;
    std::size_t release_consumed(Direction direction) noexcept override;

    static std::unique_ptr<FlowClassifier> create();

private:
    InspectStatus on_message(Direction direction, std::span<const std::uint8_t> message,
                             Observations& observations, ClassifierContext& context) noexcept;
    /// Done after a malformed message; otherwise the conversation goes on.
    InspectStatus status() const noexcept;
    /// DNSCrypt certificate queries and the worker's tunnel statistics, for every query.
    void watch_query(const DnsMessage& query, Observations& observations, ClassifierContext& context);

    std::size_t client_consumed_ = 0;  ///< TCP: stream bytes read and not yet released, per direction
    std::size_t server_consumed_ = 0;
    std::uint32_t queries_ = 0;
    std::uint32_t responses_ = 0;
    bool malformed_ = false;
};

}  // namespace schoolgate::classifiers::dns
