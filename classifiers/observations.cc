#include "classifiers/observations.h"

#include <algorithm>

namespace schoolgate::classifiers {

std::string_view host_source_name(HostSource source) noexcept {
    switch (source) {
        case HostSource::None: return "none";
        case HostSource::Tls: return "tls";
        case HostSource::Quic: return "quic";
        case HostSource::Http: return "http";
        case HostSource::HttpConnect: return "http_connect";
        case HostSource::Socks: return "socks";
        case HostSource::Dns: return "dns";
        case HostSource::Ndpi: return "ndpi";
        case HostSource::Ip: return "ip";
    }
    return "none";
}

std::vector<std::string_view> handshake_shape_names(std::uint8_t shape_bits) {
    std::vector<std::string_view> names;
    if (shape_bits & static_cast<std::uint8_t>(HandshakeShape::FragmentedClientHello)) {
        names.push_back("tls.fragmented_client_hello");
    }
    if (shape_bits & static_cast<std::uint8_t>(HandshakeShape::RecordSplit)) names.push_back("tls.record_split");
    if (shape_bits & static_cast<std::uint8_t>(HandshakeShape::OutOfOrder)) names.push_back("tcp.out_of_order");
    return names;
}

void Observations::note_anomaly(Anomaly anomaly) {
    if (std::find(anomalies.begin(), anomalies.end(), anomaly) == anomalies.end()) anomalies.push_back(anomaly);
}

}  // namespace schoolgate::classifiers

namespace schoolgate::classifiers {

void Observations::note_technique(Technique technique, Confidence confidence, std::string evidence) {
    for (auto& signal : techniques) {
        if (signal.technique != technique) continue;
        if (confidence > signal.confidence) {
            signal.confidence = confidence;
            signal.evidence = std::move(evidence);
        }
        return;
    }
    techniques.push_back({technique, confidence, std::move(evidence)});
}

bool Observations::has_technique(Technique technique) const noexcept {
    for (const auto& signal : techniques) {
        if (signal.technique == technique) return true;
    }
    return false;
}

}  // namespace schoolgate::classifiers
