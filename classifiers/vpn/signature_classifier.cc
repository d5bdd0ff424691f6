#include "classifiers/vpn/signature_classifier.h"

#include <algorithm>
#include <cstring>

namespace schoolgate::classifiers::vpn {

InspectStatus SignatureClassifier::on_stream(Direction direction, std::span<const std::uint8_t> stream,
                                             std::span<const std::uint32_t> /*segment_sizes*/,
                                             Observations& observations, ClassifierContext& /*context*/) noexcept {
    return on_message(direction, stream, observations);
}

InspectStatus SignatureClassifier::on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                                               Observations& observations, ClassifierContext& /*context*/) noexcept {
    return on_message(direction, payload, observations);
}

InspectStatus SignatureClassifier::on_message(Direction direction, std::span<const std::uint8_t> bytes,
                                              Observations& observations) noexcept {
    if (++messages_ > kMaxMessages) return InspectStatus::Done;
    if (direction == Direction::ClientToServer) {
        if (!evidence_.empty()) return InspectStatus::NeedMore;
        evidence_ = signature_.client_opening(bytes);
        if (evidence_.empty()) return InspectStatus::Done;
        opening_size_ = std::min(bytes.size(), kMaxKeptOpeningBytes);
        std::memcpy(opening_, bytes.data(), opening_size_);
        observations.note_technique(signature_.technique, Confidence::Medium, evidence_);
        return InspectStatus::NeedMore;
    }
    if (evidence_.empty()) return InspectStatus::NeedMore;
    if (signature_.server_answer({opening_, opening_size_}, bytes)) {
        observations.note_technique(signature_.technique, Confidence::High,
                                    evidence_ + "; " + std::string{signature_.confirmed});
        return InspectStatus::Done;
    }
    return InspectStatus::NeedMore;
}

}  // namespace schoolgate::classifiers::vpn
