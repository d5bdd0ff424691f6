#include "classifiers/http/http_classifier.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "classifiers/host_name.h"
#include "classifiers/http/http_request_parser.h"
#include "classifiers/limits.h"

namespace schoolgate::classifiers::http {

namespace {

constexpr std::array<std::string_view, 9> kMethods = {"GET ",     "POST ",  "HEAD ",  "PUT ",    "DELETE ",
                                                      "CONNECT ", "OPTIONS ", "PATCH ", "TRACE "};

// "http://host[:port]/path" -> "host[:port]"; std::nullopt for origin-form targets.
std::optional<std::string_view> absolute_form_authority(std::string_view target) noexcept {
    const auto scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos || target.front() == '/') return std::nullopt;
    std::string_view rest = target.substr(scheme_end + 3);
    return rest.substr(0, rest.find_first_of("/?#"));
}

void name_flow(const HttpRequestHead& head, Observations& observations) {
    std::optional<std::string_view> authority;
    HostSource source = HostSource::Http;
    std::optional<Technique> proxy;
    if (head.method == "CONNECT") {
        authority = head.target;
        source = HostSource::HttpConnect;
        proxy = Technique::ProxyHttpConnect;
    } else if (auto absolute = absolute_form_authority(head.target)) {
        // Browsers send the absolute form only to a proxy (RFC 9112 §3.2.2).
        authority = absolute;
        proxy = Technique::ProxyHttpAbsolute;
    } else if (head.host) {
        authority = *head.host;
    }
    if (!authority) return;
    const auto host = authority_host(*authority);
    auto name = host ? normalise_host_name(*host) : std::nullopt;
    if (!name) {
        observations.note_anomaly(Anomaly::HttpHostInvalid);
        return;
    }
    if (proxy) {
        const std::string_view form = *proxy == Technique::ProxyHttpConnect ? "HTTP CONNECT to " : "an absolute-URI ";
        std::string evidence{form};
        if (*proxy == Technique::ProxyHttpConnect) {
            evidence += *name;
        } else {
            evidence += std::string{head.method} + " request for " + *name + " (only proxies are sent these)";
        }
        observations.note_technique(*proxy, Confidence::High, std::move(evidence));
    }
    observations.add_message(std::move(*name), source, "http");
}

}  // namespace

bool looks_like_http_request(std::span<const std::uint8_t> first_bytes) noexcept {
    // RFC 9112 §2.2: servers ignore empty lines before the request line, so a request behind CRLFs (an
    // evasion that hides the method from a filter reading the first bytes) is still a request.
    const auto blank = std::find_if(first_bytes.begin(), first_bytes.end(),
                                    [](std::uint8_t byte) { return byte != '\r' && byte != '\n'; });
    first_bytes = first_bytes.subspan(static_cast<std::size_t>(blank - first_bytes.begin()));
    const std::string_view text{reinterpret_cast<const char*>(first_bytes.data()),  // NOLINT: char view
                                std::min<std::size_t>(first_bytes.size(), 8)};
    if (text.empty()) return false;
    return std::any_of(kMethods.begin(), kMethods.end(), [&](std::string_view method) {
        const auto n = std::min(method.size(), text.size());
        return text.substr(0, n) == method.substr(0, n);
    });
}

std::unique_ptr<FlowClassifier> HttpClassifier::create() { return std::make_unique<HttpClassifier>(); }

InspectStatus HttpClassifier::on_stream(Direction direction, std::span<const std::uint8_t> stream,
                                        std::span<const std::uint32_t>, Observations& observations,
                                        ClassifierContext&) noexcept {
    if (direction != Direction::ClientToServer) return InspectStatus::NeedMore;
    // Each round reads one body and one head, so it moves at_ on or returns.
    for (;;) {
        auto step = pass_body(stream, observations);
        if (step == Step::Next && at_ < stream.size()) step = read_head(stream, observations);
        else if (step == Step::Next) step = Step::NeedMore;
        if (step != Step::Next) return step == Step::Done ? InspectStatus::Done : InspectStatus::NeedMore;
    }
}

std::size_t HttpClassifier::release_consumed(Direction direction) noexcept {
    if (direction != Direction::ClientToServer) return 0;
    scanned_ = scanned_ > at_ ? scanned_ - at_ : 0;
    return std::exchange(at_, 0);
}

// The last request's body, passed over: Next once it is behind at_, NeedMore while it lasts, Done when
// its chunked framing is broken (where the next request starts is then unknowable).
HttpClassifier::Step HttpClassifier::pass_body(std::span<const std::uint8_t> stream,
                                               Observations& observations) noexcept {
    if (body_left_ > 0) {
        const auto take = std::min<std::uint64_t>(body_left_, stream.size() - at_);
        at_ += static_cast<std::size_t>(take);
        body_left_ -= take;
        return body_left_ > 0 ? Step::NeedMore : Step::Next;
    }
    if (!chunked_) return Step::Next;
    switch (chunked_->skip(stream, at_)) {
        case ChunkedBody::Step::NeedMore: return Step::NeedMore;
        case ChunkedBody::Step::Malformed: observations.note_anomaly(Anomaly::HttpBodyMalformed); return Step::Done;
        case ChunkedBody::Step::Done: chunked_.reset(); return Step::Next;
    }
    return Step::Done;
}

HttpClassifier::Step HttpClassifier::read_head(std::span<const std::uint8_t> stream,
                                               Observations& observations) noexcept {
    // The head parser's answer can only change when a line ends or a length limit is crossed. Re-parsing
    // on every segment would make a request sent in 1-byte segments cost quadratic time (16 KiB of them:
    // ~10^8 byte reads for one flow), so wait for one of those.
    const auto head_bytes = stream.subspan(at_);
    const auto fresh = stream.subspan(std::max(scanned_, at_));
    const bool line_ended = std::find(fresh.begin(), fresh.end(), std::uint8_t{'\n'}) != fresh.end();
    const std::size_t seen = scanned_ > at_ ? scanned_ - at_ : 0;
    auto crossed = [&](std::size_t limit) { return seen <= limit && head_bytes.size() > limit; };
    // The thresholds at which parse_http_request_head() refuses a head with no line end yet (it allows the
    // request line one more byte for its CR).
    const bool limit_crossed = crossed(limits::kMaxHttpRequestLineBytes + 1) || crossed(limits::kMaxHttpHeadBytes);
    scanned_ = stream.size();
    if (!line_ended && !limit_crossed) return Step::NeedMore;
    auto head = parse_http_request_head(head_bytes);
    switch (head.status()) {
        case ParseStatus::NeedMoreData: return Step::NeedMore;
        case ParseStatus::Malformed: observations.note_anomaly(head.anomaly()); return Step::Done;
        case ParseStatus::Ok: break;
    }
    const auto& request = head.value();
    observations.conversation = true;
    name_flow(request, observations);
    at_ += request.head_bytes;
    scanned_ = at_;  // what follows the head is unread
    if (request.method == "CONNECT") return Step::Done;  // the rest is the tunnel's
    body_left_ = request.content_length;
    if (request.chunked) chunked_.emplace();
    return Step::Next;
}

InspectStatus HttpClassifier::on_datagram(Direction, std::span<const std::uint8_t>, Observations&,
                                          ClassifierContext&) noexcept {
    return InspectStatus::Done;
}

}  // namespace schoolgate::classifiers::http
