#include "classifiers/dns/dns_classifier.h"

#include <utility>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/dns/dns_message_parser.h"
#include "classifiers/dns/tunnel_detector.h"
#include "classifiers/host_name.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::dns {

namespace {

constexpr std::uint8_t kOpcodeQuery = 0;  // RFC 1035 §4.1.1; NOTIFY, UPDATE and the rest name nothing

std::optional<std::string> question_name(const DnsMessage& message) {
    if (message.questions.empty()) return std::nullopt;
    return normalise_host_name(message.questions.front().name);
}

void name_query(const DnsMessage& query, Observations& observations) {
    if (query.questions.empty()) return;
    if (auto name = question_name(query)) {
        observations.add_message(std::move(*name), HostSource::Dns, "dns");
    } else {
        observations.note_anomaly(Anomaly::DnsNameInvalid);
    }
}

// The addresses are filed under the name the client asked for, not the owner name of each record: after a
// CNAME chain the A record belongs to the CDN's name, but the policy is written for the name the pupil typed.
void remember_answers(const DnsMessage& response, Observations& observations, ClassifierContext& context) {
    bool has_address = false;
    for (const auto& answer : response.answers) has_address = has_address || answer.address.has_value();
    if (!has_address) return;
    const auto name = question_name(response);
    if (!name) {
        observations.note_anomaly(Anomaly::DnsNameInvalid);
        return;
    }
    for (const auto& answer : response.answers) {
        if (!answer.address) continue;
        context.dns_cache.remember(*answer.address, *name, context.packet_time_us, answer.ttl);
    }
}

constexpr std::string_view kDnscryptCertPrefix = "2.dnscrypt-cert.";

}  // namespace

// Every query, not just the first: a tunnel sends many over one socket.
void DnsClassifier::watch_query(const DnsMessage& query, Observations& observations, ClassifierContext& context) {
    if (query.questions.empty()) return;
    const auto name = normalise_host_name(query.questions.front().name);
    if (!name) return;
    // DNSCrypt clients first fetch the resolver's certificate as a TXT record (DNSCrypt v2 spec §9).
    if (name->starts_with(kDnscryptCertPrefix)) {
        observations.note_technique(Technique::DnsDnscrypt, Confidence::High,
                                    "DNSCrypt certificate query " + *name);
    }
    if (!context.tunnel_detector) return;
    if (auto finding = context.tunnel_detector->on_query(*name, query.questions.front().type, context.packet_time_us)) {
        observations.note_technique(Technique::DnsTunnel, finding->confidence, std::move(finding->evidence));
    }
}

std::unique_ptr<FlowClassifier> DnsClassifier::create() { return std::make_unique<DnsClassifier>(); }

InspectStatus DnsClassifier::on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                                         Observations& observations, ClassifierContext& context) noexcept {
    observations.verdict_per_message = true;  // one datagram, one query: a block drops this query alone
    return on_message(direction, payload, observations, context);
}

std::size_t DnsClassifier::release_consumed(Direction direction) noexcept {
    std::size_t& consumed = direction == Direction::ClientToServer ? client_consumed_ : server_consumed_;
    return std::exchange(consumed, 0);
}

// RFC 1035 §4.2.2 / RFC 7766 §8: over TCP every message is preceded by its length, and one segment may
// carry several messages or a fraction of one. `stream` always restarts at the first byte, so the read
// offset is kept per direction and only complete messages are consumed.
InspectStatus DnsClassifier::on_stream(Direction direction, std::span<const std::uint8_t> stream,
                                       std::span<const std::uint32_t> /*segment_sizes*/,
                                       Observations& observations, ClassifierContext& context) noexcept {
    std::size_t& consumed = direction == Direction::ClientToServer ? client_consumed_ : server_consumed_;
    wire::ByteReader reader{stream};
    if (!reader.skip(consumed)) return InspectStatus::NeedMore;  // the reassembler never shrinks a stream
    for (;;) {
        wire::ByteReader framed = reader;
        const auto length = framed.read_u16();
        if (!length) break;
        // No DNS message is shorter than its 12-byte header (RFC 1035 §4.1.1): the framing itself is broken.
        if (*length == 0) {
            observations.note_anomaly(Anomaly::DnsTruncated);
            malformed_ = true;
            return InspectStatus::Done;
        }
        const auto message = framed.read_bytes(*length);
        if (!message) break;
        reader = framed;
        consumed += 2 + std::size_t{*length};
        on_message(direction, *message, observations, context);
        if (malformed_) return InspectStatus::Done;
    }
    return status();
}

InspectStatus DnsClassifier::status() const noexcept {
    // Never done while it is well formed: the next query on this socket may ask for anything.
    return malformed_ ? InspectStatus::Done : InspectStatus::NeedMore;
}

InspectStatus DnsClassifier::on_message(Direction direction, std::span<const std::uint8_t> message,
                                        Observations& observations, ClassifierContext& context) noexcept {
    auto parsed = parse_dns_message(message);
    if (!parsed.is_ok()) {
        observations.note_anomaly(parsed.anomaly());
        malformed_ = true;
        return InspectStatus::Done;
    }
    const DnsMessage& dns = parsed.value();
    if (direction == Direction::ClientToServer) {
        if (!dns.is_response && dns.opcode == kOpcodeQuery) {
            observations.conversation = true;
            watch_query(dns, observations, context);
            name_query(dns, observations);
            ++queries_;
        }
    } else if (dns.is_response && responses_ < queries_) {
        // A response with no query outstanding answers nothing the client asked: neither trusted for the
        // cache nor counted, so unsolicited answers can neither poison names nor settle the flow early.
        remember_answers(dns, observations, context);
        ++responses_;
    }
    return status();
}

}  // namespace schoolgate::classifiers::dns
