#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "classifiers/flow_classifier.h"

namespace schoolgate::classifiers::vpn {

/// How one tunnelling protocol shows itself: the client's opening message, and the server's answer that
/// confirms it. Both functions are pure and bounds-checked; they see one datagram, or the stream prefix.
struct TunnelSignature {
    Technique technique;
    /// The client's first message. Returns an evidence sentence when it matches, empty otherwise.
    std::string (*client_opening)(std::span<const std::uint8_t> bytes) noexcept;
    /// The server's first message, given the client's. True when it answers the opening.
    bool (*server_answer)(std::span<const std::uint8_t> client, std::span<const std::uint8_t> server) noexcept;
    std::string_view confirmed;  ///< appended to the evidence when the server answered
};

/// Reports a tunnel from its handshake: Medium confidence on the client's opening alone, High once the
/// server answers it. Done after the answer or a few packets. The registry's probe has already matched
/// the opening, so a mismatch here only means the flow was something else that looked alike.
class SignatureClassifier final : public FlowClassifier {
public:
    explicit SignatureClassifier(const TunnelSignature& signature) noexcept : signature_(signature) {}

    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload, Observations& observations,
                              ClassifierContext& context) noexcept override;

private:
    InspectStatus on_message(Direction direction, std::span<const std::uint8_t> bytes,
                             Observations& observations) noexcept;

    static constexpr std::size_t kMaxKeptOpeningBytes = 64;
    static constexpr int kMaxMessages = 6;

    const TunnelSignature& signature_;
    std::string evidence_;
    std::uint8_t opening_[kMaxKeptOpeningBytes]{};
    std::size_t opening_size_ = 0;
    int messages_ = 0;
};

}  // namespace schoolgate::classifiers::vpn
