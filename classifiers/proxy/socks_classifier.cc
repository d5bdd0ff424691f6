#include "classifiers/proxy/socks_classifier.h"

#include "classifiers/host_name.h"
#include "classifiers/proxy/socks_request_parser.h"

namespace schoolgate::classifiers::proxy {

namespace {

std::string_view command_name(std::uint8_t command) noexcept {
    switch (command) {
        case 1: return "CONNECT";
        case 2: return "BIND";
        default: return "UDP ASSOCIATE";
    }
}

}  // namespace

std::unique_ptr<FlowClassifier> SocksClassifier::create() { return std::make_unique<SocksClassifier>(); }

InspectStatus SocksClassifier::on_stream(Direction direction, std::span<const std::uint8_t> stream,
                                         std::span<const std::uint32_t> /*segment_sizes*/,
                                         Observations& observations, ClassifierContext& /*context*/) noexcept {
    if (direction != Direction::ClientToServer) return InspectStatus::NeedMore;
    SocksRequest request;
    switch (parse_socks_request(stream, request)) {
        // The request follows the server's choice of method: wait for it rather than report twice.
        case SocksParse::NeedMore: return InspectStatus::NeedMore;
        case SocksParse::NotSocks: return InspectStatus::Done;
        case SocksParse::Parsed: break;
    }
    std::string version = request.version == 5 ? "SOCKS5" : (request.socks4a ? "SOCKS4a" : "SOCKS4");
    std::string shown_target = request.target;
    if (request.target_is_name) {
        if (auto name = normalise_host_name(request.target)) {
            shown_target = *name;
            observations.set_host(std::move(*name), HostSource::Socks, "socks");
        } else {
            observations.note_anomaly(Anomaly::SocksTargetInvalid);
            shown_target = "an invalid name";
        }
    } else {
        observations.set_host(request.target, HostSource::Socks, "socks");
    }
    observations.note_technique(Technique::ProxySocks, Confidence::High,
                                version + " " + std::string{command_name(request.command)} + " to " + shown_target +
                                    ":" + std::to_string(request.port));
    return InspectStatus::Done;
}

}  // namespace schoolgate::classifiers::proxy
