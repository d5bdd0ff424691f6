#include "classifiers/stream/tcp_decoy_judge.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <ostream>

namespace {

using schoolgate::classifiers::stream::ChecksumState;
using schoolgate::classifiers::stream::DecoyReason;
using schoolgate::classifiers::stream::TcpDecoyJudge;
using schoolgate::classifiers::stream::TcpSegment;

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
constexpr std::uint32_t kClientIsn = 1000, kServerIsn = 5000;

TcpSegment segment(std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, std::uint32_t payload = 0) {
    TcpSegment s;
    s.flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.payload_size = payload;
    s.ttl = 64;
    s.checksum = ChecksumState::Valid;
    s.header.window = 502;
    return s;
}

// A Linux client's handshake as the gateway sees it: SYN with timestamps and window scale 7, SYN-ACK with
// both, the client's ACK. The client's next byte is kClientIsn + 1, the server's kServerIsn + 1.
struct Connection {
    explicit Connection(bool strict = true) : judge(strict) {
        auto syn = segment(kSyn, kClientIsn, 0);
        syn.header.window = 64240;
        syn.header.window_scale = 7;
        syn.header.has_timestamp = true;
        syn.header.ts_value = 100;
        judge.on_client_syn(syn);
        auto syn_ack = segment(kSyn | kAck, kServerIsn, kClientIsn + 1);
        syn_ack.header.window_scale = 7;
        syn_ack.header.has_timestamp = true;
        judge.on_server_segment(syn_ack);
        BOOST_TEST_REQUIRE(judge.judge_client(data(kAck, 0), &next) == DecoyReason::None);
    }
    TcpSegment data(std::uint8_t flags, std::uint32_t payload, std::uint32_t ts = 101) const {
        auto s = segment(flags, next, kServerIsn + 1, payload);
        s.header.has_timestamp = true;
        s.header.ts_value = ts;
        return s;
    }
    DecoyReason judge_data(const TcpSegment& s) { return judge.judge_client(s, &next); }

    TcpDecoyJudge judge;
    std::uint32_t next = kClientIsn + 1;
};

}  // namespace

namespace schoolgate::classifiers::stream {
std::ostream& operator<<(std::ostream& out, DecoyReason reason) { return out << static_cast<int>(reason); }
}  // namespace schoolgate::classifiers::stream

BOOST_AUTO_TEST_SUITE(TcpDecoyJudgeTest)

// What a real client sends is never a decoy: data, retransmissions, later timestamps, a FIN, an RST in
// sequence, a larger window.
BOOST_AUTO_TEST_CASE(an_ordinary_connection_has_no_decoys) {
    Connection c;
    BOOST_TEST(c.judge_data(c.data(kPsh | kAck, 517)) == DecoyReason::None);
    BOOST_TEST(c.judge_data(c.data(kPsh | kAck, 517)) == DecoyReason::None);  // a retransmission
    c.judge.on_server_segment(segment(kAck, kServerIsn + 1, kClientIsn + 518, 1400));
    auto acking = c.data(kAck, 0, 150);
    acking.ack = kServerIsn + 1401;
    BOOST_TEST(c.judge_data(acking) == DecoyReason::None);
    auto fin = c.data(kFin | kAck, 0, 151);
    fin.ack = kServerIsn + 1401;
    BOOST_TEST(c.judge_data(fin) == DecoyReason::None);
    auto rst = c.data(kRst | kAck, 0, 152);
    BOOST_TEST(c.judge_data(rst) == DecoyReason::None);
}

BOOST_AUTO_TEST_CASE(each_segment_the_server_drops_is_a_decoy_with_its_reason) {
    Connection c;
    auto short_ttl = c.data(kPsh | kAck, 517);
    short_ttl.ttl = 3;
    BOOST_TEST(c.judge_data(short_ttl) == DecoyReason::ShortTtl);
    auto bad_sum = c.data(kPsh | kAck, 517);
    bad_sum.checksum = ChecksumState::Bad;
    BOOST_TEST(c.judge_data(bad_sum) == DecoyReason::BadChecksum);
    auto md5 = c.data(kPsh | kAck, 517);
    md5.header.md5_option = true;
    BOOST_TEST(c.judge_data(md5) == DecoyReason::Md5Option);
    BOOST_TEST(c.judge_data(c.data(kPsh, 517)) == DecoyReason::NoAck);
    BOOST_TEST(c.judge_data(c.data(kFin, 0)) == DecoyReason::NoAck);
    auto old_ack = c.data(kPsh | kAck, 517);
    old_ack.ack = kServerIsn + 1 - 66000;  // zapret's default --dpi-desync-badack-increment
    BOOST_TEST(c.judge_data(old_ack) == DecoyReason::AckUnacceptable);
    auto unsent_ack = c.data(kPsh | kAck, 517);
    unsent_ack.ack = kServerIsn + 100;  // the server has sent nothing yet
    BOOST_TEST(c.judge_data(unsent_ack) == DecoyReason::AckUnacceptable);
    auto before_stream = c.data(kPsh | kAck, 517);
    before_stream.seq = c.next - 10000;  // zapret's default --dpi-desync-badseq-increment
    BOOST_TEST(c.judge_data(before_stream) == DecoyReason::BeforeStream);
    BOOST_TEST(c.judge_data(c.data(kPsh | kAck, 517, 101 - 600000)) == DecoyReason::OldTimestamp);
    auto rst = c.data(kRst | kAck, 0);
    rst.seq = c.next + 5;
    BOOST_TEST(c.judge_data(rst) == DecoyReason::RstOutOfSequence);
    // None of them changed what the real hello is judged by.
    BOOST_TEST(c.judge_data(c.data(kPsh | kAck, 517)) == DecoyReason::None);
}

// The TTL comes from the SYN: a decoy sent before it cannot set the bar.
BOOST_AUTO_TEST_CASE(the_syn_sets_the_ttl_even_after_a_decoy_was_seen_first) {
    TcpDecoyJudge judge;
    auto decoy = segment(kPsh | kAck, kClientIsn + 1, 0, 517);
    decoy.ttl = 3;
    BOOST_TEST(judge.judge_client(decoy, nullptr) == DecoyReason::None);  // mid-stream: nothing to judge by
    judge.on_client_syn(segment(kSyn, kClientIsn, 0));
    BOOST_TEST(judge.connection_ttl() == 64);
    BOOST_TEST(judge.judge_client(decoy, nullptr) == DecoyReason::ShortTtl);
}

// A capture taken on the sending host leaves checksums to the NIC, so every one looks wrong, the SYN's too:
// such a connection is not judged by checksums at all.
BOOST_AUTO_TEST_CASE(checksums_are_judged_only_when_the_syn_had_a_valid_one) {
    TcpDecoyJudge judge;
    auto syn = segment(kSyn, kClientIsn, 0);
    syn.checksum = ChecksumState::Bad;
    judge.on_client_syn(syn);
    auto hello = segment(kPsh | kAck, kClientIsn + 1, 0, 517);
    hello.checksum = ChecksumState::Bad;
    BOOST_TEST(judge.judge_client(hello, nullptr) == DecoyReason::None);
}

// A mirror port or a capture can miss the server's packets: an acknowledgement past what was seen is not
// held against the client there (only one that is too old is).
BOOST_AUTO_TEST_CASE(without_every_server_packet_only_old_acknowledgements_are_judged) {
    Connection c{false};
    auto ahead = c.data(kPsh | kAck, 517);
    ahead.ack = kServerIsn + 1306;
    BOOST_TEST(c.judge_data(ahead) == DecoyReason::None);
    auto old_ack = c.data(kPsh | kAck, 517);
    old_ack.ack = kServerIsn + 1 - 66000;
    BOOST_TEST(c.judge_data(old_ack) == DecoyReason::AckUnacceptable);
}

// Linux accepts an acknowledgement older than the last by up to the largest window the client offered
// (tcp_ack): a client that offered a large window is not accused for a stale ACK within it.
BOOST_AUTO_TEST_CASE(an_old_acknowledgement_within_the_clients_window_is_accepted) {
    Connection c;
    auto big_window = c.data(kAck, 0);
    big_window.header.window = 2052;  // << 7: 262,656 bytes
    BOOST_TEST(c.judge_data(big_window) == DecoyReason::None);
    auto old_ack = c.data(kPsh | kAck, 517);
    old_ack.ack = kServerIsn + 1 - 66000;
    BOOST_TEST(c.judge_data(old_ack) == DecoyReason::None);
}

// An RST that aborts a connection the server never answered carries the ISN: nothing to judge it by.
BOOST_AUTO_TEST_CASE(an_rst_before_the_server_answered_is_not_judged_by_sequence) {
    TcpDecoyJudge judge;
    judge.on_client_syn(segment(kSyn, kClientIsn, 0));
    const std::uint32_t next = kClientIsn + 1;
    BOOST_TEST(judge.judge_client(segment(kRst | kAck, kClientIsn, 0), &next) == DecoyReason::None);
}

// A connection that agreed MD5 signatures (BGP) keeps them; an unsolicited MD5 option is dropped by Linux.
BOOST_AUTO_TEST_CASE(an_md5_option_agreed_in_the_syn_is_no_decoy) {
    TcpDecoyJudge judge;
    auto syn = segment(kSyn, kClientIsn, 0);
    syn.header.md5_option = true;
    judge.on_client_syn(syn);
    auto data = segment(kPsh | kAck, kClientIsn + 1, 0, 40);
    data.header.md5_option = true;
    BOOST_TEST(judge.judge_client(data, nullptr) == DecoyReason::None);
}

BOOST_AUTO_TEST_SUITE_END()
