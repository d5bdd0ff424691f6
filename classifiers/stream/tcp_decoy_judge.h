#pragma once

#include <cstdint>
#include <string>

namespace schoolgate::classifiers::stream {

inline constexpr std::uint8_t kNoWindowScale = 0xff;

/// What a TCP header says about whether its receiver will accept the segment (RFC 9293, RFC 7323
/// timestamps, RFC 2385 MD5 signatures), as the decoder read it.
struct TcpHeaderFacts {
    std::uint16_t window = 0;                    ///< unscaled, as sent
    std::uint8_t window_scale = kNoWindowScale;  ///< the window scale option (SYN only), or none
    bool md5_option = false;                     ///< an RFC 2385 MD5 signature option (kind 19)
    bool has_timestamp = false;                  ///< an RFC 7323 timestamps option (kind 8)
    std::uint32_t ts_value = 0;                  ///< its TSval
};

enum class ChecksumState : std::uint8_t { Valid, Bad, NotJudged };

/// One TCP segment as the decoy judge needs it.
struct TcpSegment {
    std::uint8_t flags = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint32_t payload_size = 0;
    std::uint8_t ttl = 0;  ///< IPv4 TTL or IPv6 hop limit as it arrived here
    ChecksumState checksum = ChecksumState::NotJudged;
    TcpHeaderFacts header;
};

/// Why a client segment cannot reach, or will be dropped by, the server.
enum class DecoyReason : std::uint8_t {
    None,
    ShortTtl,        ///< below the TTL of the connection's SYN: it dies on the way (GoodbyeDPI --set-ttl, zapret ttl)
    BadChecksum,     ///< GoodbyeDPI --wrong-chksum, zapret badsum
    Md5Option,       ///< an MD5 signature the connection never negotiated (zapret md5sig): Linux drops it
    NoAck,           ///< data or FIN without ACK (zapret datanoack): dropped (RFC 9293 §3.10.7.4)
    AckUnacceptable, ///< acknowledges data the server never sent, or is too old (GoodbyeDPI --wrong-seq, zapret badack)
    BeforeStream,    ///< all its bytes lie before the first byte after the SYN (zapret badseq)
    OldTimestamp,    ///< TSval older than one already sent: PAWS drops it (RFC 7323 §5, zapret ts)
    RstOutOfSequence,///< an RST not at the next expected byte: not acted on (RFC 5961 §3)
};

std::string describe(DecoyReason reason, const TcpSegment& segment, std::uint8_t connection_ttl);

/// Decides, for each client segment of one connection, whether the server will accept it, from what the
/// handshake taught: the client's TTL, options and checksums from its SYN, the server's initial sequence
/// number and how far it has sent. Evasion tools send fakes the server drops (a ClientHello for an allowed
/// site, a FIN, an RST) so that a filter reading every packet believes them; a segment judged a decoy is
/// never read as the flow's bytes. Each test is the receiver's own rule, so that a segment the server
/// accepts is never set aside, and each applies only once the handshake showed what to test against (a
/// connection picked up mid-stream is judged on what is known). Not thread-safe; one per flow.
class TcpDecoyJudge {
public:
    /// `strict_acks`: this judge sees every packet the server sends (inline, where both directions are
    /// queued until the flow is decided), so an acknowledgement past the last byte it saw is of data never
    /// sent. A mirror port or a capture can miss server packets: there only acknowledgements that are too
    /// old are judged, so that a lost packet never makes a real segment a decoy.
    explicit TcpDecoyJudge(bool strict_acks = true) noexcept : strict_acks_(strict_acks) {}

    /// The client's SYN: the TTL, options and checksum the rest of the connection is judged by.
    void on_client_syn(const TcpSegment& syn) noexcept;
    /// A server segment: its SYN-ACK's sequence number and options, and how far it has sent.
    void on_server_segment(const TcpSegment& segment) noexcept;
    /// Judges a client segment other than the SYN. `next_client_seq` is the server's next expected byte
    /// as far as it is known (for RSTs), or empty. A segment judged acceptable updates what later ones are
    /// judged by (highest acknowledgement, newest timestamp, largest window).
    DecoyReason judge_client(const TcpSegment& segment, const std::uint32_t* next_client_seq) noexcept;

    bool saw_client_syn() const noexcept { return client_syn_; }
    std::uint32_t client_isn() const noexcept { return client_isn_; }
    std::uint8_t connection_ttl() const noexcept { return ttl_; }

private:
    bool acceptable_ack(const TcpSegment& segment) const noexcept;

    std::uint32_t client_isn_ = 0;
    std::uint32_t server_isn_ = 0;
    std::uint32_t server_next_ = 0;      ///< one past the server's highest sequence number sent
    std::uint32_t highest_ack_ = 0;      ///< the client's highest acceptable acknowledgement so far
    std::uint32_t client_max_window_ = 0;///< the largest window the client advertised, scaled
    std::uint32_t newest_ts_value_ = 0;
    std::uint8_t ttl_ = 0;
    std::uint8_t client_window_scale_ = 0;
    bool strict_acks_ = true;
    bool ack_known_ = false;
    bool client_syn_ = false;
    bool server_syn_ = false;
    bool syn_checksum_valid_ = false;
    bool md5_negotiated_ = false;
    bool timestamps_negotiated_ = false;
    bool client_ts_offered_ = false;
    bool newest_ts_known_ = false;
};

}  // namespace schoolgate::classifiers::stream
