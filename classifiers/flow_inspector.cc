#include "classifiers/flow_inspector.h"

#include <algorithm>

#include "classifiers/circumvention/fully_encrypted.h"
#include "classifiers/limits.h"
#include "classifiers/naming/udp_namer.h"
#include "classifiers/vpn/ip_protocol_tunnel.h"

namespace schoolgate::classifiers {

FlowInspector::FlowInspector(Transport transport, std::uint16_t server_port, bool strict_acks) noexcept
    : transport_(transport), server_port_(server_port), decoy_judge_(strict_acks) {}

InspectStatus FlowInspector::on_other_protocol(std::uint8_t ip_protocol, const net::IpAddress& client,
                                               const net::IpAddress& server) {
    last_segment_progressed_ = false;
    vpn::observe_ip_protocol(ip_protocol, client, server, observations_);
    return InspectStatus::Done;
}

void FlowInspector::on_tcp_syn(Direction direction, std::uint32_t seq) noexcept {
    if (direction == Direction::ClientToServer) {
        if (!client_stream_) client_stream_.emplace();
        client_stream_->on_syn(seq);
    } else {
        server_syn_seq_ = seq;
    }
}

stream::TcpStreamReassembler* FlowInspector::stream_for(Direction direction) noexcept {
    if (direction == Direction::ClientToServer) {
        if (!client_stream_) client_stream_.emplace();
        return &*client_stream_;
    }
    // The server's bytes matter only to classifiers that read answers (DNS over TCP); the others never
    // pay for reassembling them.
    if (!entry_ || !classifier_ || !entry_->reads_server_stream) return nullptr;
    if (!server_stream_) {
        server_stream_.emplace();
        if (server_syn_seq_) server_stream_->on_syn(*server_syn_seq_);
    }
    return &*server_stream_;
}

InspectStatus FlowInspector::on_tcp_segment(Direction direction, std::uint32_t seq,
                                            std::span<const std::uint8_t> payload,
                                            ClassifierContext& context) noexcept {
    last_segment_progressed_ = false;
    // The server's bytes that no classifier reads are the server's, not padding a client could send: they
    // are news (they use up the budget of a flow nobody claims, as a long download should).
    last_packet_was_news_ = !payload.empty() && direction == Direction::ServerToClient;
    auto* stream = stream_for(direction);
    if (!stream || payload.empty()) return InspectStatus::NeedMore;
    context_ = &context;
    const auto outcome = stream->on_segment(seq, payload);
    last_segment_progressed_ = outcome == stream::TcpStreamReassembler::Outcome::Appended && classifier_ != nullptr;
    last_packet_was_news_ = outcome != stream::TcpStreamReassembler::Outcome::Duplicate;
    // A shape of the first flight: a long conversation's later reordering is the network's, not a tool's.
    if (direction == Direction::ClientToServer && stream->saw_out_of_order() && observations_.messages == 0) {
        observations_.note_shape(HandshakeShape::OutOfOrder);
    }
    auto status = InspectStatus::NeedMore;
    if (outcome == stream::TcpStreamReassembler::Outcome::LimitReached) {
        observations_.note_anomaly(*stream->limit_anomaly());
        status = InspectStatus::Done;
    } else if (outcome == stream::TcpStreamReassembler::Outcome::Appended) {
        status = select_and_feed_stream(direction);
    }
    // After the stream's own classifier, so that the other copy is read by one of the same kind.
    if (direction == Direction::ClientToServer && stream->copies_disagree()) read_the_other_copy(*stream);
    return status;
}

InspectStatus FlowInspector::select_and_feed_stream(Direction direction) noexcept {
    auto* stream = stream_for(direction);
    if (!classifier_) {
        if (direction != Direction::ClientToServer) return InspectStatus::NeedMore;
        entry_ = select_classifier({Transport::Tcp, server_port_, stream->contiguous()});
        if (!entry_) {
            const bool probes_exhausted = std::all_of(
                classifier_registry().begin(), classifier_registry().end(),
                [&](const ClassifierEntry& e) { return stream->contiguous().size() >= e.max_probe_bytes; });
            if (!probes_exhausted) return InspectStatus::NeedMore;
            // No protocol we know: a fully encrypted stream is all that is left to recognise.
            if (auto evidence = fully_encrypted_evidence(stream->contiguous())) {
                observations_.note_technique(Technique::Obfuscated, Confidence::Low, std::move(*evidence));
                return InspectStatus::Done;
            }
            // Too few bytes to judge yet: keep watching (within the packet budget), unless they already
            // start like text, which nothing fully encrypted does.
            return could_still_look_random(stream->contiguous()) ? InspectStatus::NeedMore : InspectStatus::Done;
        }
        classifier_ = entry_->create();
        observations_.classifier = entry_->name;
    }
    const auto status = classifier_->on_stream(direction, stream->contiguous(), stream->segment_sizes(),
                                               observations_, *context_);
    if (const auto done = classifier_->release_consumed(direction)) stream->discard_front(done);
    return status;
}

// Copies of the same bytes that differ are a tool's doing (an ordinary stack repeats what it sent), and the
// stream keeps the copy the server reads. The other copy is read too, by a classifier of its own, so that
// a flow is decided on every copy: a blocked name in either blocks.
void FlowInspector::read_the_other_copy(const stream::TcpStreamReassembler& stream) noexcept {
    if (!observations_.has_technique(Technique::TcpOverlap)) {
        observations_.note_technique(Technique::TcpOverlap, Confidence::High,
                                     "two copies of the same bytes differ; the server reads one of them");
    }
    if (!entry_ || !context_ || !observations_.other_host.empty()) return;
    Observations other;
    auto reader = entry_->create();
    reader->on_stream(Direction::ClientToServer, stream.other_copy(), stream.segment_sizes(), other, *context_);
    if (!other.host.empty() && other.host != observations_.host) observations_.other_host = other.host;
}

InspectStatus FlowInspector::on_udp_datagram(Direction direction, std::span<const std::uint8_t> payload,
                                             ClassifierContext& context) noexcept {
    last_segment_progressed_ = false;
    last_packet_was_news_ = false;
    if (!classifier_) {
        // A server that speaks first cannot tell us the protocol; wait for the client.
        if (direction != Direction::ClientToServer) return InspectStatus::NeedMore;
        entry_ = select_classifier({Transport::Udp, server_port_, payload, unrecognised_datagrams_ > 0});
        if (!entry_) {
            // A protocol we only name (DHCP, STUN, IPsec's NAT traversal...): named, so nDPI is not asked,
            // but not claimed, so that the probing below goes on as for any unclaimed flow.
            if (observations_.classifier.empty()) namer_ = naming::name_udp_datagram(server_port_, payload, observations_);
            // A junk datagram first (an evasion tool's, before a QUIC Initial or a WireGuard handshake) must
            // not end inspection: the next few client datagrams are probed too.
            ++unrecognised_datagrams_;
            return unrecognised_datagrams_ >= limits::kMaxUnrecognisedDatagrams ? InspectStatus::Done
                                                                                : InspectStatus::NeedMore;
        }
        classifier_ = entry_->create();
        observations_.classifier = entry_->name;
    }
    last_packet_was_news_ = true;
    return classifier_->on_datagram(direction, payload, observations_, context);
}

}  // namespace schoolgate::classifiers
