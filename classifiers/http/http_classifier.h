#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "classifiers/flow_classifier.h"
#include "classifiers/http/chunked_body.h"

namespace schoolgate::classifiers::http {

/// HTTP/1.x requests: every request on the connection is a message (Observations::add_message), named
/// from its CONNECT target (host_source http_connect), else an absolute-form request target (http), else
/// its Host header (http), so a keep-alive connection's later requests and pipelined ones are decided
/// one by one. Between requests the body is passed over without being kept (Content-Length, or chunked:
/// ChunkedBody), and every byte read is released from the reassembled stream, so a connection of any
/// length is read through one window. Done after a CONNECT (the rest is the tunnel's), or when the next
/// bytes are not a request head (http.malformed_request and the rest, http.body_malformed).
class HttpClassifier final : public FlowClassifier {
public:
    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                              Observations& observations, ClassifierContext& context) noexcept override;
    std::size_t release_consumed(Direction direction) noexcept override;

    static std::unique_ptr<FlowClassifier> create();

private:
    enum class Step : std::uint8_t { NeedMore, Next, Done };
    Step pass_body(std::span<const std::uint8_t> stream, Observations& observations) noexcept;
    Step read_head(std::span<const std::uint8_t> stream, Observations& observations) noexcept;

    std::size_t at_ = 0;       ///< the next unread byte of the client stream (counted from the last release)
    std::size_t scanned_ = 0;  ///< stream bytes already looked at for line ends
    std::uint64_t body_left_ = 0;  ///< Content-Length bytes of the last request still to pass
    std::optional<ChunkedBody> chunked_;  ///< the last request's chunked body, while it lasts
};

/// Registry probe: true when the bytes are a prefix of, or start with, an HTTP/1.x method and a space.
bool looks_like_http_request(std::span<const std::uint8_t> first_bytes) noexcept;

}  // namespace schoolgate::classifiers::http
