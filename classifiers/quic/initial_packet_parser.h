#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "classifiers/parse_result.h"
#include "classifiers/quic/initial_keys.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::classifiers::quic {

enum class LongPacketType : std::uint8_t { Initial, ZeroRtt, Handshake, Retry };

/// One long-header packet at the front of a datagram (RFC 9000 §17.2). All spans view the datagram given to
/// parse_long_header() and live as long as it does.
struct LongHeaderPacket {
    std::uint32_t wire_version = 0;
    /// Set for the versions whose packets can be read (v1, v2, draft-29); the fields below are then filled.
    /// For any other version only wire_version, dcid and scid (the version-invariant fields) are.
    std::optional<QuicVersion> version;
    /// A reserved version (is_reserved_quic_version), read with v1's layout: `version` says V1, but which
    /// keys open it is for the reader to find out.
    bool reserved_version = false;
    LongPacketType type = LongPacketType::Initial;
    wire::Bytes dcid;
    wire::Bytes scid;
    wire::Bytes token;  ///< Initial only
    /// This packet: the header and its protected payload (the Length field's extent). Retry: the rest.
    wire::Bytes packet;
    std::size_t packet_number_offset = 0;  ///< where the (protected) packet number starts in `packet`
    wire::Bytes rest;                      ///< the bytes after `packet` (coalesced packets, padding); may be empty
};

/// Parses the long header at the front of `datagram`. Pure and total. Results: Ok; Malformed(
/// quic.initial_malformed) when the header bit is clear, a connection ID exceeds
/// limits::kMaxQuicConnectionIdBytes, the fixed bit is clear in a known version, or a field or the Length
/// runs past the end (a datagram is whole, so truncation is malformed, never NeedMoreData).
ParseResult<LongHeaderPacket> parse_long_header(wire::Bytes datagram) noexcept;

/// Registry probe: the first byte has the header-form and fixed bits set (0xC0) and the version is v1, v2
/// or draft-29, or a reserved version (is_reserved_quic_version) in a datagram of at least 1200 bytes, the
/// size every client Initial is padded to (RFC 9000 §14.1): a client probing version negotiation, whose
/// real Initial may follow on the same flow. Needs the first 5 bytes; shorter input says no. Pure.
bool looks_like_quic_long_header(wire::Bytes datagram) noexcept;

/// A decrypted Initial payload. `plaintext` views a buffer of the calling thread's, reused by each
/// open_initial() on that thread (every Initial was a kilobyte allocated and freed): valid until the
/// thread's next open_initial().
struct InitialPayload {
    std::uint64_t packet_number = 0;
    wire::Bytes plaintext;  ///< frames; at most the packet's size
};

/// Removes header protection and decrypts an Initial (RFC 9001 §5.3-5.4) with the client keys.
/// `largest_packet_number` is the largest already decrypted on this flow (none: expect 0), used to expand
/// the truncated packet number (RFC 9000 §A.3). Results: Ok; Malformed(quic.initial_malformed) when the
/// packet is too short to hold a header-protection sample; Malformed(quic.decrypt_failed) when the AEAD tag
/// does not verify (wrong keys or altered bytes).
ParseResult<InitialPayload> open_initial(const LongHeaderPacket& packet, const InitialKeys& keys,
                                         std::optional<std::uint64_t> largest_packet_number) noexcept;

/// One CRYPTO frame (RFC 9000 §19.6); `data` views the plaintext given to parse_initial_frames().
struct CryptoFrame {
    std::uint64_t offset = 0;
    wire::Bytes data;
};

/// Reads the frames of a decrypted Initial: PADDING, PING and ACK are skipped, CRYPTO frames collected;
/// reading stops quietly at any other frame type (CONNECTION_CLOSE, or what a client may not send here),
/// after limits::kMaxQuicFramesPerPacket frames, or at an ACK with more than limits::kMaxQuicAckRanges
/// ranges. Results: Ok (possibly no frames); Malformed(quic.initial_malformed) when a frame runs past the end.
ParseResult<std::vector<CryptoFrame>> parse_initial_frames(wire::Bytes plaintext) noexcept;

}  // namespace schoolgate::classifiers::quic
