#pragma once

#include <cstddef>
#include <memory>

#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers::http {

/// HTTP/1.x requests: names the flow from the CONNECT target (host_source http_connect), else an
/// absolute-form request target (http), else the Host header (http). Done after the first request head.
class HttpClassifier final : public FlowClassifier {
public:
    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                              Observations& observations, ClassifierContext& context) noexcept override;

    static std::unique_ptr<FlowClassifier> create();

private:
    std::size_t scanned_ = 0;  ///< stream bytes already looked at for line ends
};

/// Registry probe: true when the bytes are a prefix of, or start with, an HTTP/1.x method and a space.
bool looks_like_http_request(std::span<const std::uint8_t> first_bytes) noexcept;

}  // namespace schoolgate::classifiers::http
