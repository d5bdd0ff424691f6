#include "classifiers/tls/tls_classifier.h"

#include <algorithm>

#include "classifiers/host_name.h"
#include "classifiers/limits.h"
#include "classifiers/tls/client_hello_parser.h"
#include "classifiers/tls/handshake_record_parser.h"

namespace schoolgate::classifiers::tls {

namespace {

bool is_printable_token(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Counts the segments that carried the first `length` stream bytes, and whether any but the last was
// smaller than a real TCP stack would send (limits::kMinNaturalSegmentBytes).
struct SegmentShape {
    std::uint16_t count = 0;
    bool deliberately_small = false;
};

SegmentShape shape_of_first(std::size_t length, std::span<const std::uint32_t> segment_sizes) {
    SegmentShape shape;
    std::size_t covered = 0;
    for (std::uint32_t size : segment_sizes) {
        if (covered >= length) break;
        covered += size;
        ++shape.count;
        if (covered < length && size < limits::kMinNaturalSegmentBytes) shape.deliberately_small = true;
    }
    return shape;
}

// The ClientHello's record-layer length: 5-byte record headers plus the fragments.
std::size_t record_layer_bytes(std::size_t body_bytes, std::uint16_t records) {
    return body_bytes + 4 + std::size_t{records} * 5;
}

void record_facts(const ClientHello& hello, const ClientHelloMessage& message,
                  std::span<const std::uint32_t> segment_sizes, Observations& observations) {
    TlsFacts facts;
    for (const auto& protocol : hello.alpn) {
        if (is_printable_token(protocol)) facts.alpn.push_back(protocol);
    }
    facts.supported_versions = hello.supported_versions;
    facts.ech = hello.has_ech;
    facts.esni = hello.has_esni;
    facts.client_hello_records = message.records;
    const auto shape = shape_of_first(record_layer_bytes(message.body.size(), message.records), segment_sizes);
    facts.client_hello_segments = shape.count;
    if (shape.deliberately_small) observations.note_shape(HandshakeShape::FragmentedClientHello);
    if (message.records > 1) observations.note_shape(HandshakeShape::RecordSplit);
    observations.tls = std::move(facts);

    if (!hello.server_name) return;
    if (auto name = normalise_host_name(*hello.server_name)) {
        observations.set_host(std::move(*name), HostSource::Tls, "tls");
    } else {
        observations.note_anomaly(Anomaly::TlsSniInvalid);
    }
}

}  // namespace

std::unique_ptr<FlowClassifier> TlsClassifier::create() { return std::make_unique<TlsClassifier>(); }

InspectStatus TlsClassifier::on_stream(Direction direction, std::span<const std::uint8_t> stream,
                                       std::span<const std::uint32_t> segment_sizes, Observations& observations,
                                       ClassifierContext& /*context*/) noexcept {
    if (direction != Direction::ClientToServer) return InspectStatus::NeedMore;
    if (stream.size() < reparse_at_) return InspectStatus::NeedMore;

    auto records = parse_client_hello_records(stream);
    switch (records.status()) {
        case ParseStatus::NeedMoreData:
            reparse_at_ = stream.size() + records.bytes_needed();
            return InspectStatus::NeedMore;
        case ParseStatus::Malformed:
            observations.note_anomaly(records.anomaly());
            return InspectStatus::Done;
        case ParseStatus::Ok: break;
    }
    const auto& message = records.value();
    auto hello = parse_client_hello(message.body);
    if (!hello.is_ok()) {
        observations.note_anomaly(hello.anomaly());
        return InspectStatus::Done;
    }
    record_facts(hello.value(), message, segment_sizes, observations);
    return InspectStatus::Done;
}

InspectStatus TlsClassifier::on_datagram(Direction, std::span<const std::uint8_t>, Observations&,
                                         ClassifierContext&) noexcept {
    // TLS over UDP is DTLS or QUIC, which have classifiers of their own.
    return InspectStatus::Done;
}

}  // namespace schoolgate::classifiers::tls
