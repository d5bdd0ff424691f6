#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "classifiers/dns/dns_message.h"
#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers::dns {

/// DNS over UDP and TCP (port 53). The flow is named by its first query's name (host_source dns); A and
/// AAAA answers are remembered in the worker's AddressNameCache under the question's name. Every query
/// goes to the worker's TunnelDetector. Done once every query seen has had a response, unless a query
/// looked like a tunnel's. Over TCP, each message is preceded by a 2-byte length (RFC 1035 §4.2.2).
class DnsClassifier final : public FlowClassifier {
public:
    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                              Observations& observations, ClassifierContext& context) noexcept override;

    static std::unique_ptr<FlowClassifier> create();

private:
    InspectStatus on_message(Direction direction, std::span<const std::uint8_t> message,
                             Observations& observations, ClassifierContext& context) noexcept;
    /// Done after a malformed message, or once every query seen has had a response.
    InspectStatus status() const noexcept;
    /// DNSCrypt certificate queries and the worker's tunnel statistics, for every query.
    void watch_query(const DnsMessage& query, Observations& observations, ClassifierContext& context);

    std::size_t client_consumed_ = 0;  ///< TCP: stream bytes already read, per direction
    std::size_t server_consumed_ = 0;
    std::uint32_t queries_ = 0;
    std::uint32_t responses_ = 0;
    bool malformed_ = false;
    bool watching_ = false;  ///< a query looked like a tunnel's: keep reading past the first answer
};

}  // namespace schoolgate::classifiers::dns
