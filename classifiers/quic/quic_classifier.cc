#include "classifiers/quic/quic_classifier.h"

#include <algorithm>

#include "classifiers/host_name.h"
#include "classifiers/limits.h"
#include "classifiers/quic/initial_keys.h"
#include "classifiers/quic/initial_packet_parser.h"
#include "classifiers/tls/client_hello_parser.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::quic {

namespace {

constexpr std::uint8_t kHeaderForm = 0x80;
constexpr std::uint8_t kHandshakeTypeClientHello = 1;
constexpr std::size_t kHandshakeHeaderBytes = 4;

bool is_printable_token(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

void record_facts(const tls::ClientHello& hello, Observations& observations) {
    TlsFacts facts;
    for (const auto& protocol : hello.alpn) {
        if (is_printable_token(protocol)) facts.alpn.push_back(protocol);
    }
    facts.supported_versions = hello.supported_versions;
    facts.ech = hello.has_ech;
    facts.esni = hello.has_esni;
    // client_hello_segments / _records count TCP segments and TLS records: neither exists in QUIC.
    observations.tls = std::move(facts);

    if (!hello.server_name) return;
    if (auto name = normalise_host_name(*hello.server_name)) {
        // A retransmitted ClientHello names the same host again: nothing new to decide.
        if (observations.messages > 0 && observations.host == *name) return;
        if (observations.messages > 0) {
            observations.note_technique(Technique::QuicMixedNames, Confidence::Medium,
                                        "client Initials on one flow named " + observations.host + " and then " +
                                            *name + ": a fake Initial beside the real one");
        }
        observations.add_message(std::move(*name), HostSource::Quic, "quic");
    } else {
        observations.note_anomaly(Anomaly::TlsSniInvalid);
    }
}

bool same_bytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

std::unique_ptr<FlowClassifier> QuicClassifier::create() { return std::make_unique<QuicClassifier>(); }

InspectStatus QuicClassifier::on_stream(Direction, std::span<const std::uint8_t>, std::span<const std::uint32_t>,
                                        Observations&, ClassifierContext&) noexcept {
    return InspectStatus::Done;  // QUIC runs over UDP only
}

InspectStatus QuicClassifier::on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                                          Observations& observations, ClassifierContext& /*context*/) noexcept {
    if (direction != Direction::ClientToServer) return InspectStatus::NeedMore;
    wire::Bytes rest = payload;
    bool expect_initial = false;
    for (std::size_t index = 0; index < limits::kMaxQuicCoalescedPackets && !rest.empty(); ++index) {
        const auto first = wire::ByteReader{rest}.peek_u8();
        // A short header first: the client has its 1-RTT keys, so the handshake the Initials named is over.
        if (index == 0 && first && (*first & kHeaderForm) == 0 && named_) return InspectStatus::Done;
        if (!first || (*first & kHeaderForm) == 0) break;  // short header, or zero padding after the packets
        auto header = parse_long_header(rest);
        if (!header.is_ok()) {
            // A malformed first packet is the anomaly; trailing bytes after a good packet are just ignored.
            if (index > 0) break;
            observations.note_anomaly(header.anomaly());
            return InspectStatus::Done;
        }
        const auto& packet = header.value();
        if (!packet.version) return InspectStatus::Done;  // version negotiation or a version we cannot read
        expect_initial = true;
        std::optional<InitialPayload> opened;
        if (packet.reserved_version && !keys_) {
            // Unreadable: the client's real Initial may still follow on this flow (possibly with another
            // connection ID, so no keys are kept), and waiting for it (below) is bounded.
            auto opening = opening_keys(packet);
            if (!opening) break;
            keys_ = std::move(opening->keys);
            opened = std::move(opening->payload);
            dcid_.assign(packet.dcid.begin(), packet.dcid.end());
        }
        if (packet.type == LongPacketType::Initial && on_initial(packet, observations, std::move(opened)) == Step::Done) {
            return InspectStatus::Done;
        }
        rest = packet.rest;
    }
    if (initials_ > 0 || named_) return InspectStatus::NeedMore;
    // No Initial yet. A short header means the handshake was missed: the flow cannot be named. 0-RTT can
    // overtake the Initial on the wire; wait for it, but only for a bounded number of datagrams.
    ++datagrams_without_initial_;
    return expect_initial && datagrams_without_initial_ < limits::kMaxQuicInitialPackets
               ? InspectStatus::NeedMore
               : InspectStatus::Done;
}

// Which keys a reserved-version Initial was built with. Clients probing version negotiation build it as
// an Initial of a version they speak (the interop runner's clients: draft-29's), so both salts are tried
// and the AEAD tag decides.
std::optional<QuicClassifier::Opening> QuicClassifier::opening_keys(const LongHeaderPacket& packet) {
    if (packet.type != LongPacketType::Initial) return std::nullopt;
    for (const auto version : {QuicVersion::V1, QuicVersion::Draft29}) {
        auto keys = key_cache_.keys_for(version, packet.dcid);
        if (!keys) continue;
        auto opened = open_initial(packet, *keys, largest_packet_number_);
        if (opened.is_ok()) return Opening{std::move(*keys), std::move(opened).value()};
    }
    return std::nullopt;
}

QuicClassifier::Step QuicClassifier::on_initial(const LongHeaderPacket& packet, Observations& observations,
                                                std::optional<InitialPayload> opened_before) {
    if (!keys_) {
        keys_ = key_cache_.keys_for(*packet.version, packet.dcid);
        if (!keys_) {
            observations.note_anomaly(Anomaly::QuicDecryptFailed);
            return Step::Done;
        }
        dcid_.assign(packet.dcid.begin(), packet.dcid.end());
    } else if (!same_bytes(dcid_, packet.dcid)) {
        return Step::Continue;  // another connection attempt (after a Retry): keys fixed by the first Initial
    }
    ++initials_;
    // A probe's packet was opened under keys_ (just set, same connection ID, same largest packet number).
    auto opened = opened_before ? ParseResult<InitialPayload>::ok(std::move(*opened_before))
                                : open_initial(packet, *keys_, largest_packet_number_);
    if (!opened.is_ok() && named_keys_) {
        // After a name: the same connection's later Initials carry the server's chosen connection ID but
        // keep the keys of the first (RFC 9001 §5.2), so they open under the named connection's keys.
        opened = open_initial(packet, *named_keys_, largest_packet_number_);
        if (opened.is_ok()) keys_ = named_keys_;
    }
    if (!opened.is_ok()) {
        if (named_) {
            // Unreadable under any keys: the server cannot read it either, so it names nothing. Bounded by
            // limits::kMaxQuicInitialPackets like any Initial that brings no whole ClientHello, and the end
            // of reading is an anomaly (the engine writes it in an event), never silent.
            keys_.reset();
            dcid_.clear();
            if (initials_ < limits::kMaxQuicInitialPackets) return Step::Continue;
            observations.note_anomaly(Anomaly::QuicTooManyInitials);
            return Step::Done;
        }
        observations.note_anomaly(opened.anomaly());
        return Step::Done;
    }
    const auto& payload = opened.value();
    largest_packet_number_ = std::max(largest_packet_number_.value_or(0), payload.packet_number);
    auto frames = parse_initial_frames(payload.plaintext);
    if (!frames.is_ok()) {
        observations.note_anomaly(frames.anomaly());
        return Step::Done;
    }
    for (const auto& frame : frames.value()) {
        switch (crypto_.add(frame.offset, frame.data)) {
            case CryptoStream::AddResult::Stored: break;
            case CryptoStream::AddResult::BeyondWindow:
                observations.note_anomaly(Anomaly::QuicCryptoOffsetTooFar);
                return Step::Done;
            case CryptoStream::AddResult::TooFragmented:
                observations.note_anomaly(Anomaly::QuicCryptoTooFragmented);
                return Step::Done;
        }
    }
    if (try_client_hello(observations) == Step::Done) {
        if (!observations.conversation) return Step::Done;  // no name: there is no conversation to follow
        next_client_hello();
        return Step::Continue;
    }
    if (initials_ >= limits::kMaxQuicInitialPackets) {
        observations.note_anomaly(Anomaly::QuicTooManyInitials);
        return Step::Done;
    }
    return Step::Continue;
}

QuicClassifier::Step QuicClassifier::try_client_hello(Observations& observations) {
    wire::ByteReader reader{crypto_.contiguous()};
    const auto type = reader.read_u8();
    if (!type) return Step::Continue;
    if (*type != kHandshakeTypeClientHello) {
        observations.note_anomaly(Anomaly::QuicInitialMalformed);
        return Step::Done;
    }
    const auto length = reader.read_u24();
    if (!length) return Step::Continue;
    if (*length > limits::kMaxQuicCryptoBytes - kHandshakeHeaderBytes) {
        observations.note_anomaly(Anomaly::QuicCryptoTooLarge);
        return Step::Done;
    }
    const auto body = reader.read_bytes(*length);
    if (!body) return Step::Continue;
    auto hello = tls::parse_client_hello(*body);
    if (!hello.is_ok()) {
        observations.note_anomaly(hello.anomaly());
        return Step::Done;
    }
    record_facts(hello.value(), observations);
    observations.conversation = observations.messages > 0;
    return Step::Done;
}

// Every client Initial is read, not only the first to name the flow: evasion tools send a fake Initial
// for an allowed name first (zapret --dpi-desync=fake, with its own connection ID or the real one), so
// after a whole ClientHello the next one is awaited afresh, under the keys of whichever Initial brings it.
void QuicClassifier::next_client_hello() {
    named_ = true;
    if (keys_) named_keys_ = std::move(keys_);
    keys_.reset();
    dcid_.clear();
    initials_ = 0;
    crypto_ = CryptoStream{};
}

}  // namespace schoolgate::classifiers::quic
