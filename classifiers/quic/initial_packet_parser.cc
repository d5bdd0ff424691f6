#include "classifiers/quic/initial_packet_parser.h"

#include "classifiers/limits.h"
#include "classifiers/quic/packet_protection.h"

namespace schoolgate::classifiers::quic {

namespace {

using wire::ByteReader;
using wire::Bytes;

constexpr std::uint8_t kHeaderForm = 0x80;
constexpr std::uint8_t kFixedBit = 0x40;
constexpr std::size_t kMaxPacketNumberBytes = 4;

ParseResult<LongHeaderPacket> malformed_header() {
    return ParseResult<LongHeaderPacket>::malformed(Anomaly::QuicInitialMalformed);
}

// RFC 9000 §16: a 2-bit length prefix selects 1, 2, 4 or 8 bytes.
std::optional<std::uint64_t> read_varint(ByteReader& reader) noexcept {
    const auto first = reader.read_u8();
    if (!first) return std::nullopt;
    const std::size_t extra = (std::size_t{1} << (*first >> 6)) - 1;
    std::uint64_t value = *first & 0x3f;
    for (std::size_t i = 0; i < extra; ++i) {  // at most 7
        const auto next = reader.read_u8();
        if (!next) return std::nullopt;
        value = (value << 8) | *next;
    }
    return value;
}

LongPacketType packet_type(QuicVersion version, std::uint8_t first_byte) noexcept {
    const unsigned bits = (first_byte >> 4) & 0x03;
    if (version == QuicVersion::V2) {  // RFC 9369 §3.2 rotates the type codes
        constexpr LongPacketType kV2[] = {LongPacketType::Retry, LongPacketType::Initial, LongPacketType::ZeroRtt,
                                          LongPacketType::Handshake};
        return kV2[bits];
    }
    constexpr LongPacketType kV1[] = {LongPacketType::Initial, LongPacketType::ZeroRtt, LongPacketType::Handshake,
                                      LongPacketType::Retry};
    return kV1[bits];
}

std::optional<Bytes> read_connection_id(ByteReader& reader) noexcept {
    const auto length = reader.read_u8();
    if (!length || *length > limits::kMaxQuicConnectionIdBytes) return std::nullopt;
    return reader.read_bytes(*length);
}

// RFC 9000 §A.3: the packet number closest to the next expected one.
std::uint64_t decode_packet_number(std::optional<std::uint64_t> largest, std::uint64_t truncated,
                                   std::size_t bytes) noexcept {
    const std::uint64_t expected = largest ? *largest + 1 : 0;
    const std::uint64_t window = std::uint64_t{1} << (8 * bytes);
    const std::uint64_t half = window / 2;
    const std::uint64_t candidate = (expected & ~(window - 1)) | truncated;
    if (candidate + half <= expected && candidate < (std::uint64_t{1} << 62) - window) return candidate + window;
    if (candidate > expected + half && candidate >= window) return candidate - window;
    return candidate;
}

bool skip_varints(ByteReader& reader, std::size_t count) noexcept {
    for (std::size_t i = 0; i < count; ++i) {
        if (!read_varint(reader)) return false;
    }
    return true;
}

enum class FrameStep : std::uint8_t { Continue, Stop, Truncated };

// ACK (RFC 9000 §19.3): largest, delay, range count, first range, ranges, then ECN counts for type 0x03.
FrameStep skip_ack(ByteReader& reader, bool with_ecn) noexcept {
    if (!skip_varints(reader, 2)) return FrameStep::Truncated;
    const auto ranges = read_varint(reader);
    if (!ranges) return FrameStep::Truncated;
    if (*ranges > limits::kMaxQuicAckRanges) return FrameStep::Stop;
    const auto count = 1 + 2 * static_cast<std::size_t>(*ranges) + (with_ecn ? 3 : 0);
    return skip_varints(reader, count) ? FrameStep::Continue : FrameStep::Truncated;
}

FrameStep read_crypto(ByteReader& reader, std::vector<CryptoFrame>& frames) {
    const auto offset = read_varint(reader);
    const auto length = offset ? read_varint(reader) : std::nullopt;
    if (!length) return FrameStep::Truncated;
    const auto data = reader.read_bytes(static_cast<std::size_t>(*length));
    if (!data) return FrameStep::Truncated;
    frames.push_back({*offset, *data});
    return FrameStep::Continue;
}

}  // namespace

bool looks_like_quic_long_header(Bytes datagram) noexcept {
    ByteReader reader{datagram};
    const auto first = reader.read_u8();
    const auto wire_version = reader.read_u32();
    if (!first || !wire_version || (*first & (kHeaderForm | kFixedBit)) != (kHeaderForm | kFixedBit)) return false;
    if (quic_version_from_wire(*wire_version)) return true;
    constexpr std::size_t kMinClientInitialDatagramBytes = 1200;
    return is_reserved_quic_version(*wire_version) && datagram.size() >= kMinClientInitialDatagramBytes;
}

ParseResult<LongHeaderPacket> parse_long_header(Bytes datagram) noexcept {
    ByteReader reader{datagram};
    LongHeaderPacket packet;
    const auto first = reader.read_u8();
    const auto wire_version = reader.read_u32();
    if (!first || !wire_version || (*first & kHeaderForm) == 0) return malformed_header();
    packet.wire_version = *wire_version;
    const auto dcid = read_connection_id(reader);
    const auto scid = dcid ? read_connection_id(reader) : std::nullopt;
    if (!scid) return malformed_header();
    packet.dcid = *dcid;
    packet.scid = *scid;
    packet.version = quic_version_from_wire(*wire_version);
    if (!packet.version && is_reserved_quic_version(*wire_version)) {
        // Clients that probe version negotiation build the packet as an Initial of a version they speak:
        // its layout is v1's (and draft-29's); which keys open it, the AEAD tag will say.
        packet.version = QuicVersion::V1;
        packet.reserved_version = true;
    }
    if (!packet.version) return ParseResult<LongHeaderPacket>::ok(packet);
    if ((*first & kFixedBit) == 0) return malformed_header();

    packet.type = packet_type(*packet.version, *first);
    if (packet.type == LongPacketType::Retry) {  // no Length: the Retry runs to the end of the datagram
        packet.packet = datagram;
        return ParseResult<LongHeaderPacket>::ok(packet);
    }
    if (packet.type == LongPacketType::Initial) {
        const auto token_length = read_varint(reader);
        const auto token = token_length ? reader.read_bytes(static_cast<std::size_t>(*token_length)) : std::nullopt;
        if (!token) return malformed_header();
        packet.token = *token;
    }
    const auto length = read_varint(reader);
    if (!length || *length > reader.remaining()) return malformed_header();
    packet.packet_number_offset = datagram.size() - reader.remaining();
    const auto packet_bytes = packet.packet_number_offset + static_cast<std::size_t>(*length);
    packet.packet = datagram.first(packet_bytes);
    packet.rest = datagram.subspan(packet_bytes);
    return ParseResult<LongHeaderPacket>::ok(packet);
}

ParseResult<InitialPayload> open_initial(const LongHeaderPacket& packet, const InitialKeys& keys,
                                         std::optional<std::uint64_t> largest_packet_number) noexcept {
    using Result = ParseResult<InitialPayload>;
    // The sample starts 4 bytes after the packet number offset whatever the packet number's length.
    ByteReader sample_reader{packet.packet};
    if (!sample_reader.skip(packet.packet_number_offset + kMaxPacketNumberBytes)) {
        return Result::malformed(Anomaly::QuicInitialMalformed);
    }
    const auto sample = sample_reader.read_bytes(kHeaderProtectionSampleBytes);
    if (!sample) return Result::malformed(Anomaly::QuicInitialMalformed);
    const auto mask = header_protection_mask(keys.hp, *sample);
    if (!mask) return Result::malformed(Anomaly::QuicDecryptFailed);

    ByteReader reader{packet.packet};
    const auto protected_first = reader.read_u8();
    const auto middle = reader.read_bytes(packet.packet_number_offset - 1);
    if (!protected_first || !middle) return Result::malformed(Anomaly::QuicInitialMalformed);
    const auto first = static_cast<std::uint8_t>(*protected_first ^ ((*mask)[0] & 0x0f));
    const std::size_t packet_number_bytes = (first & 0x03) + 1u;

    // This thread's buffers, reused: the unprotected header (the AEAD's associated data) and the plaintext.
    thread_local std::vector<std::uint8_t> header;
    thread_local std::vector<std::uint8_t> plaintext;
    header.clear();
    header.push_back(first);
    header.insert(header.end(), middle->begin(), middle->end());
    std::uint64_t truncated = 0;
    for (std::size_t i = 0; i < packet_number_bytes; ++i) {  // at most 4
        const auto protected_byte = reader.read_u8();
        if (!protected_byte) return Result::malformed(Anomaly::QuicInitialMalformed);
        const auto byte = static_cast<std::uint8_t>(*protected_byte ^ (*mask)[i + 1]);
        header.push_back(byte);
        truncated = (truncated << 8) | byte;
    }
    const auto number = decode_packet_number(largest_packet_number, truncated, packet_number_bytes);
    if (!open_payload(keys, number, header, reader.read_rest(), plaintext)) {
        return Result::malformed(Anomaly::QuicDecryptFailed);
    }
    return Result::ok(InitialPayload{number, plaintext});
}

ParseResult<std::vector<CryptoFrame>> parse_initial_frames(Bytes plaintext) noexcept {
    using Result = ParseResult<std::vector<CryptoFrame>>;
    ByteReader reader{plaintext};
    std::vector<CryptoFrame> frames;
    std::size_t frame_count = 0;
    while (!reader.empty() && frame_count < limits::kMaxQuicFramesPerPacket) {
        const auto type = *reader.read_u8();
        if (type == 0x00) continue;  // PADDING: one byte each, bounded by the plaintext
        ++frame_count;
        FrameStep step = FrameStep::Stop;
        if (type == 0x01) step = FrameStep::Continue;  // PING
        if (type == 0x02 || type == 0x03) step = skip_ack(reader, type == 0x03);
        if (type == 0x06) step = read_crypto(reader, frames);
        if (step == FrameStep::Truncated) return Result::malformed(Anomaly::QuicInitialMalformed);
        if (step == FrameStep::Stop) break;
    }
    return Result::ok(std::move(frames));
}

}  // namespace schoolgate::classifiers::quic
