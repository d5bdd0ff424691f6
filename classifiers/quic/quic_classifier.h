#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "classifiers/flow_classifier.h"
#include "classifiers/quic/crypto_stream.h"
#include "classifiers/quic/initial_keys.h"
#include "classifiers/quic/initial_packet_parser.h"

namespace schoolgate::classifiers::quic {

struct LongHeaderPacket;

/// Names a QUIC flow (v1, v2, draft-29) from the ClientHello in its client Initial packets: the first
/// Initial's Destination Connection ID fixes the keys; every client Initial (coalesced ones included) is
/// decrypted and its CRYPTO frames joined, in any order, until the stream holds a whole ClientHello, which is
/// parsed with tls::parse_client_hello. The host is recorded as HostSource::Quic by classifier "quic", the
/// rest of the hello in Observations::tls.
///
/// A conversation: each ClientHello naming a host is a message (Observations::add_message; a retransmitted
/// one naming the same host again is not), and after one the next is awaited afresh (new keys from the next
/// Initial's connection ID, a new CRYPTO stream), so a fake Initial for an allowed name before the real one
/// decides nothing on its own. Done at the client's first short-header packet after a name (its handshake
/// is over); when the flow is not a readable Initial (short header, version negotiation, unknown version:
/// no anomaly); or on quic.initial_malformed, quic.decrypt_failed, quic.crypto_too_large (a ClientHello
/// longer than limits::kMaxQuicCryptoBytes), quic.crypto_offset_too_far (a CRYPTO frame ending beyond that
/// window), quic.crypto_too_fragmented (more than limits::kMaxQuicCryptoPieces pieces waiting for a gap) or
/// quic.too_many_initials (limits::kMaxQuicInitialPackets Initials without a whole ClientHello, counted
/// afresh after each one). Server datagrams are ignored. Memory per flow is bounded by
/// CryptoStream::kMaxHeldBytes whatever the offsets. Initials with another Destination Connection ID than
/// the one a ClientHello is being read under (after a Retry) are skipped. Not thread-safe.
class QuicClassifier final : public FlowClassifier {
public:
    InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                            std::span<const std::uint32_t> segment_sizes, Observations& observations,
                            ClassifierContext& context) noexcept override;
    InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                              Observations& observations, ClassifierContext& context) noexcept override;

    static std::unique_ptr<FlowClassifier> create();

private:
    enum class Step : std::uint8_t { Continue, Done };
    /// `opened`: the packet already decrypted under keys_ (a version probe's, by opening_keys()), else none.
    Step on_initial(const LongHeaderPacket& packet, Observations& observations,
                    std::optional<InitialPayload> opened = std::nullopt);
    struct Opening {
        InitialKeys keys;
        InitialPayload payload;  ///< the packet decrypted with them, so it is not decrypted twice
    };
    std::optional<Opening> opening_keys(const LongHeaderPacket& packet);
    Step try_client_hello(Observations& observations);
    void next_client_hello();

    InitialKeyCache key_cache_;
    std::optional<InitialKeys> keys_;
    std::vector<std::uint8_t> dcid_;  ///< of the first client Initial (at most limits::kMaxQuicConnectionIdBytes)
    std::optional<std::uint64_t> largest_packet_number_;
    std::size_t initials_ = 0;
    std::size_t datagrams_without_initial_ = 0;  ///< 0-RTT/Handshake-only datagrams before the first Initial
    CryptoStream crypto_;
    bool named_ = false;  ///< a ClientHello has named the flow: later Initials are read for the next one
    std::optional<InitialKeys> named_keys_;  ///< the keys the last whole ClientHello was read under
};

}  // namespace schoolgate::classifiers::quic
