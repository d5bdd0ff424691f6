#include "classifiers/stream/tcp_decoy_judge.h"

#include <algorithm>

namespace schoolgate::classifiers::stream {

namespace {

constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kSyn = 0x02;
constexpr std::uint8_t kRst = 0x04;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kMaxWindowScale = 14;  // RFC 7323 §2.3
// Linux's PAWS window: a TSval at most this much older than the newest is still accepted.
constexpr std::int32_t kPawsWindow = 1;

// RFC 9293 sequence-space comparisons, modulo 2^32.
constexpr bool after(std::uint32_t a, std::uint32_t b) noexcept { return static_cast<std::int32_t>(a - b) > 0; }
constexpr bool before(std::uint32_t a, std::uint32_t b) noexcept { return static_cast<std::int32_t>(a - b) < 0; }

}  // namespace

void TcpDecoyJudge::on_client_syn(const TcpSegment& syn) noexcept {
    client_syn_ = true;
    client_isn_ = syn.seq;
    ttl_ = syn.ttl;
    syn_checksum_valid_ = syn.checksum == ChecksumState::Valid;
    md5_negotiated_ = syn.header.md5_option;
    client_ts_offered_ = syn.header.has_timestamp;
    newest_ts_known_ = syn.header.has_timestamp;
    newest_ts_value_ = syn.header.ts_value;
    client_window_scale_ = syn.header.window_scale == kNoWindowScale
                               ? 0
                               : std::min(syn.header.window_scale, kMaxWindowScale);
    client_max_window_ = syn.header.window;  // a SYN's window is never scaled (RFC 7323 §2.2)
}

void TcpDecoyJudge::on_server_segment(const TcpSegment& segment) noexcept {
    if (segment.flags & kSyn) {
        server_syn_ = true;
        server_isn_ = segment.seq;
        server_next_ = segment.seq + 1;
        timestamps_negotiated_ = client_ts_offered_ && segment.header.has_timestamp;
        // Scaling applies only when both sides offered it.
        if (segment.header.window_scale == kNoWindowScale) client_window_scale_ = 0;
        return;
    }
    if (!server_syn_) return;
    const std::uint32_t end = segment.seq + segment.payload_size + ((segment.flags & kFin) ? 1u : 0u);
    if (after(end, server_next_)) server_next_ = end;
}

// RFC 9293 §3.10.7.4 and RFC 5961 §5, as Linux applies them (tcp_ack): an acknowledgement of data the
// server has not sent, or older than the last one by more than the largest window the client offered, is
// dropped with the segment it came on.
bool TcpDecoyJudge::acceptable_ack(const TcpSegment& segment) const noexcept {
    if (strict_acks_ && after(segment.ack, server_next_)) return false;
    const std::uint32_t reference = ack_known_ && after(highest_ack_, server_isn_ + 1) ? highest_ack_ : server_isn_ + 1;
    return !before(segment.ack, reference - client_max_window_);
}

DecoyReason TcpDecoyJudge::judge_client(const TcpSegment& segment, const std::uint32_t* next_client_seq) noexcept {
    if (ttl_ == 0) ttl_ = segment.ttl;  // picked up mid-stream: the first packet seen sets it
    if (segment.ttl < ttl_) return DecoyReason::ShortTtl;
    // Only a connection whose SYN carried a valid checksum is judged by checksums: a capture taken on the
    // sending host, with checksums left to the NIC, must not make every packet a decoy.
    if (segment.checksum == ChecksumState::Bad && client_syn_ && syn_checksum_valid_) return DecoyReason::BadChecksum;
    if (segment.header.md5_option && !md5_negotiated_) return DecoyReason::Md5Option;
    const bool carries_data = segment.payload_size > 0 || (segment.flags & kFin);
    if (carries_data && !(segment.flags & kAck)) return DecoyReason::NoAck;
    // Once the server has answered: an RST aborting a connection the server never answered (SYN-SENT)
    // carries the ISN, which is fine by the server, which has nothing to reset.
    if ((segment.flags & kRst) && server_syn_ && next_client_seq && segment.seq != *next_client_seq) {
        return DecoyReason::RstOutOfSequence;
    }
    if (client_syn_ && segment.payload_size > 0 && !after(segment.seq + segment.payload_size, client_isn_ + 1)) {
        return DecoyReason::BeforeStream;
    }
    if ((segment.flags & kAck) && server_syn_ && !acceptable_ack(segment)) return DecoyReason::AckUnacceptable;
    const bool paws_applies = timestamps_negotiated_ && segment.header.has_timestamp && newest_ts_known_ &&
                              !(segment.flags & kRst);  // Linux accepts an RST that fails PAWS
    if (paws_applies && static_cast<std::int32_t>(newest_ts_value_ - segment.header.ts_value) > kPawsWindow) {
        return DecoyReason::OldTimestamp;
    }
    // Accepted: what it says now judges the next ones.
    if ((segment.flags & kAck) && (!ack_known_ || after(segment.ack, highest_ack_))) {
        highest_ack_ = segment.ack;
        ack_known_ = true;
    }
    if (segment.header.has_timestamp && (!newest_ts_known_ || after(segment.header.ts_value, newest_ts_value_))) {
        newest_ts_value_ = segment.header.ts_value;
        newest_ts_known_ = true;
    }
    client_max_window_ = std::max(client_max_window_, std::uint32_t{segment.header.window} << client_window_scale_);
    return DecoyReason::None;
}

std::string describe(DecoyReason reason, const TcpSegment& segment, std::uint8_t connection_ttl) {
    switch (reason) {
        case DecoyReason::None: return {};
        case DecoyReason::ShortTtl:
            return "a packet with TTL " + std::to_string(segment.ttl) + " after the connection's " +
                   std::to_string(connection_ttl) + ": it cannot reach the server";
        case DecoyReason::BadChecksum: return "a packet with a wrong TCP checksum: the server drops it";
        case DecoyReason::Md5Option: return "a packet with an MD5 signature the connection never agreed: the server drops it";
        case DecoyReason::NoAck: return "data without the ACK flag: the server drops it";
        case DecoyReason::AckUnacceptable:
            return "a packet acknowledging data the server never sent, or too old: the server drops it";
        case DecoyReason::BeforeStream: return "data from before the connection's first byte: the server drops it";
        case DecoyReason::OldTimestamp: return "a packet with an old TCP timestamp: the server drops it (PAWS)";
        case DecoyReason::RstOutOfSequence: return "a reset at the wrong sequence number: the server ignores it";
    }
    return {};
}

}  // namespace schoolgate::classifiers::stream
