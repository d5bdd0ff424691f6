#pragma once

#include <memory>

#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers::proxy {

/// Names a SOCKS proxy flow by the host it asks for (host_source "socks") and reports proxy.socks.
class SocksClassifier final : public FlowClassifier {
public:
    static std::unique_ptr<FlowClassifier> create();

    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction, std::span<const std::uint8_t>, Observations&,
                              ClassifierContext&) noexcept override {
        return InspectStatus::Done;
    }
};

}  // namespace schoolgate::classifiers::proxy
