#pragma once

#include <cstddef>
#include <memory>

#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers::tls {

/// Names a TLS flow from its ClientHello: joins the record layer across segments and records, parses the
/// hello, normalises the SNI, and notes how the handshake arrived (segments, records, order). Done once the
/// ClientHello is parsed or proven malformed; the server's bytes are never read.
class TlsClassifier final : public FlowClassifier {
public:
    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                              Observations& observations, ClassifierContext& context) noexcept override;

    static std::unique_ptr<FlowClassifier> create();

private:
    /// Stream length needed before the record layer can say anything new (avoids re-parsing on every
    /// 1-byte segment, which would be quadratic).
    std::size_t reparse_at_ = 0;
};

}  // namespace schoolgate::classifiers::tls
