#include "support/classifier_test_text.h"
#include "classifiers/stream/tcp_stream_reassembler.h"

#include <algorithm>
#include <array>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/limits.h"

namespace {

namespace bdata = boost::unit_test::data;
namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::anomaly_name;
using schoolgate::classifiers::stream::TcpStreamReassembler;
using Outcome = TcpStreamReassembler::Outcome;
using schoolgate::test::Bytes;
using schoolgate::test::bytes;

std::string text(std::span<const std::uint8_t> data) { return std::string(data.begin(), data.end()); }

const char* outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::Appended: return "Appended";
        case Outcome::Buffered: return "Buffered";
        case Outcome::Duplicate: return "Duplicate";
        case Outcome::LimitReached: return "LimitReached";
    }
    return "?";
}

// Feeds `payload` at sequence `seq` and returns the outcome's name, so failures print readably.
std::string feed(TcpStreamReassembler& stream, std::uint32_t seq, std::string_view payload) {
    const Bytes data = bytes(payload);
    return outcome_name(stream.on_segment(seq, data));
}

std::string limit_name(const TcpStreamReassembler& stream) {
    return stream.limit_anomaly() ? std::string{anomaly_name(*stream.limit_anomaly())} : "none";
}

constexpr std::uint32_t kIsn = 1000;  // the SYN's sequence number; data starts at 1001

}  // namespace

BOOST_AUTO_TEST_SUITE(TcpStreamReassemblerTest)

BOOST_AUTO_TEST_CASE(in_order_segments_are_appended) {
    TcpStreamReassembler stream;
    BOOST_TEST(feed(stream, 5000, "GET ") == "Appended");
    BOOST_TEST(feed(stream, 5004, "/ HTTP/1.1") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "GET / HTTP/1.1");
    BOOST_TEST(!stream.saw_out_of_order());
    BOOST_TEST(stream.segments_used() == 2u);
    BOOST_TEST(stream.segment_sizes() == (std::vector<std::uint32_t>{4, 10}), boost::test_tools::per_element());
    BOOST_TEST(limit_name(stream) == "none");
}

BOOST_AUTO_TEST_CASE(empty_payload_is_nothing_new) {
    TcpStreamReassembler stream;
    BOOST_TEST(feed(stream, 5000, "") == "Duplicate");
    BOOST_TEST(stream.contiguous().empty());
}

BOOST_AUTO_TEST_CASE(syn_fixes_the_stream_start) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    // The first data segment to arrive is not the first of the stream: it waits for the gap.
    BOOST_TEST(feed(stream, kIsn + 4, "def") == "Buffered");
    BOOST_TEST(stream.contiguous().empty());
    BOOST_TEST(feed(stream, kIsn + 1, "abc") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcdef");
    BOOST_TEST(stream.saw_out_of_order());
}

BOOST_AUTO_TEST_CASE(without_syn_the_first_data_segment_starts_the_stream) {
    TcpStreamReassembler stream;
    BOOST_TEST(feed(stream, kIsn + 4, "def") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "def");
    // Bytes from before that start are old: ignored.
    BOOST_TEST(feed(stream, kIsn + 1, "abc") == "Duplicate");
    BOOST_TEST(text(stream.contiguous()) == "def");
}

BOOST_AUTO_TEST_CASE(a_later_syn_does_not_move_the_start) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    stream.on_syn(kIsn + 100);
    BOOST_TEST(feed(stream, kIsn + 1, "abc") == "Appended");
}

BOOST_AUTO_TEST_CASE(out_of_order_segments_wait_for_the_gap_to_fill) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1, "ab") == "Appended");
    BOOST_TEST(feed(stream, kIsn + 7, "gh") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 5, "ef") == "Buffered");
    BOOST_TEST(text(stream.contiguous()) == "ab");
    BOOST_TEST(stream.saw_out_of_order());
    BOOST_TEST(feed(stream, kIsn + 3, "cd") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcdefgh");
    BOOST_TEST(stream.segment_sizes() == (std::vector<std::uint32_t>{2, 2, 2, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(duplicates_add_nothing) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1, "abcd") == "Appended");
    BOOST_TEST(feed(stream, kIsn + 1, "abcd") == "Duplicate");
    BOOST_TEST(feed(stream, kIsn + 2, "bc") == "Duplicate");
    BOOST_TEST(feed(stream, kIsn + 9, "ij") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 9, "ij") == "Duplicate");
    BOOST_TEST(feed(stream, kIsn + 10, "j") == "Duplicate");
    BOOST_TEST(feed(stream, kIsn + 5, "efgh") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcdefghij");
    BOOST_TEST(stream.segments_used() == 3u);
}

BOOST_AUTO_TEST_CASE(overlapping_retransmission_of_in_order_bytes_keeps_the_first_copy) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1, "abcdef") == "Appended");
    // Covers bytes 2..8 with different content: only bytes 6..8 are new.
    BOOST_TEST(feed(stream, kIsn + 3, "XXXXghi") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcdefghi");
    BOOST_TEST(stream.segment_sizes() == (std::vector<std::uint32_t>{6, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(conflicting_copies_that_are_both_pending_keep_the_first) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1, "ab") == "Appended");
    BOOST_TEST(feed(stream, kIsn + 5, "efgh") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 5, "WXYZ") == "Duplicate");
    // Overlaps the held piece on both sides: only the bytes around it are kept.
    BOOST_TEST(feed(stream, kIsn + 4, "DEFGHIJ") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 3, "c") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcDefghIJ");
}

// The server's copy wins: an in-order segment overlapping a piece held out of order is what a Linux server
// reads (tcp_ofo_queue trims held pieces to rcv_nxt). A pupil who sends junk ahead of the gap and then the
// real bytes in order used to have the junk read here and the real bytes read by the server. The piece that
// lost is kept in other_copy(), and the disagreement is evidence.
BOOST_AUTO_TEST_CASE(in_order_bytes_win_over_a_piece_held_out_of_order_as_on_the_server) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1, "ab") == "Appended");
    BOOST_TEST(feed(stream, kIsn + 5, "efgh") == "Buffered");
    BOOST_TEST(!stream.copies_disagree());
    BOOST_TEST(feed(stream, kIsn + 3, "cdEFGHij") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcdEFGHij");
    BOOST_TEST(stream.copies_disagree());
    BOOST_TEST(text(stream.other_copy()) == "abcdefghij");
}

BOOST_AUTO_TEST_CASE(in_order_segment_spanning_several_pending_pieces_wins_over_each) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 3, "c") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 6, "fg") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 11, "k") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 1, "abCdeFGhi") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abCdeFGhi");
    BOOST_TEST(text(stream.other_copy()) == "abcdefghi");
    BOOST_TEST(feed(stream, kIsn + 10, "JKl") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abCdeFGhiJKl");
    BOOST_TEST(text(stream.other_copy()) == "abcdefghiJkl");
}

// A later copy of bytes already in order never replaces them (the server has read them), but a copy that
// differs is noted: an ordinary stack's retransmissions repeat the same bytes.
BOOST_AUTO_TEST_CASE(a_differing_copy_of_bytes_in_order_is_noted_but_never_read) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1, "abcdef") == "Appended");
    BOOST_TEST(feed(stream, kIsn + 1, "abcdef") == "Duplicate");
    BOOST_TEST(!stream.copies_disagree());
    BOOST_TEST(feed(stream, kIsn + 3, "CD") == "Duplicate");
    BOOST_TEST(text(stream.contiguous()) == "abcdef");
    BOOST_TEST(stream.copies_disagree());
    BOOST_TEST(text(stream.other_copy()) == "abCDef");
    BOOST_TEST(feed(stream, kIsn + 7, "gh") == "Appended");
    BOOST_TEST(text(stream.other_copy()) == "abCDefgh");  // it follows the stream
}

// Two pieces out of order: the first stays, and a differing second is noted.
BOOST_AUTO_TEST_CASE(differing_pieces_out_of_order_are_noted) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 5, "efgh") == "Buffered");
    BOOST_TEST(feed(stream, kIsn + 5, "efgh") == "Duplicate");
    BOOST_TEST(!stream.copies_disagree());
    BOOST_TEST(feed(stream, kIsn + 5, "EFGH") == "Duplicate");
    BOOST_TEST(stream.copies_disagree());
}

BOOST_AUTO_TEST_CASE(sequence_numbers_wrap_around_two_to_the_32) {
    TcpStreamReassembler stream;
    stream.on_syn(0xfffffffdu);  // data starts at 0xfffffffe
    BOOST_TEST(feed(stream, 0x00000002u, "efgh") == "Buffered");
    BOOST_TEST(feed(stream, 0xfffffffeu, "abcd") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcdefgh");
    BOOST_TEST(feed(stream, 0x00000006u, "ij") == "Appended");
    BOOST_TEST(text(stream.contiguous()) == "abcdefghij");
    // A segment straddling the wrap point from before the start.
    TcpStreamReassembler straddle;
    straddle.on_syn(0xffffffffu);  // data starts at 0
    BOOST_TEST(feed(straddle, 0xfffffffeu, "xyab") == "Appended");
    BOOST_TEST(text(straddle.contiguous()) == "ab");
}

BOOST_AUTO_TEST_CASE(segments_from_before_the_start_keep_only_their_tail) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn - 10, "0123456789") == "Duplicate");   // ends at the SYN
    BOOST_TEST(feed(stream, kIsn - 5, "012345abc") == "Appended");      // 6 bytes before the start
    BOOST_TEST(text(stream.contiguous()) == "abc");
    BOOST_TEST(feed(stream, kIsn + 1 - (1u << 31), "far in the past") == "Duplicate");
    BOOST_TEST(text(stream.contiguous()) == "abc");
}

BOOST_AUTO_TEST_CASE(stream_of_exactly_the_limit_is_kept) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    const Bytes full(limits::kMaxReassemblyBytes, 'x');
    BOOST_TEST(outcome_name(stream.on_segment(kIsn + 1, full)) == std::string{"Appended"});
    BOOST_TEST(stream.contiguous().size() == limits::kMaxReassemblyBytes);
    BOOST_TEST(limit_name(stream) == "none");
    BOOST_TEST(feed(stream, kIsn + 1, "x") == "Duplicate");
}

BOOST_AUTO_TEST_CASE(more_than_the_byte_limit_is_too_large) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    const Bytes chunk(1024, 'x');
    std::uint32_t seq = kIsn + 1;
    for (std::size_t i = 0; i < limits::kMaxReassemblyBytes / chunk.size(); ++i) {
        BOOST_REQUIRE(outcome_name(stream.on_segment(seq, chunk)) == std::string{"Appended"});
        seq += static_cast<std::uint32_t>(chunk.size());
    }
    BOOST_TEST(feed(stream, seq, "y") == "LimitReached");
    BOOST_TEST(limit_name(stream) == "tcp.reassembly_too_large");
    // Once reached, the limit sticks.
    BOOST_TEST(feed(stream, seq, "y") == "LimitReached");
    BOOST_TEST(stream.contiguous().size() == limits::kMaxReassemblyBytes);
}

BOOST_AUTO_TEST_CASE(out_of_order_piece_past_the_byte_limit_is_too_large) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1 + static_cast<std::uint32_t>(limits::kMaxReassemblyBytes), "z") ==
               "LimitReached");
    BOOST_TEST(limit_name(stream) == "tcp.reassembly_too_large");
}

BOOST_AUTO_TEST_CASE(more_than_32_out_of_order_pieces_is_too_many_segments) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    BOOST_TEST(feed(stream, kIsn + 1, "a") == "Appended");
    // Pieces at offsets 2, 4, 6, ...: each leaves a gap, so each is held separately.
    for (std::uint32_t i = 0; i < limits::kMaxPendingSegments; ++i) {
        BOOST_REQUIRE(feed(stream, kIsn + 3 + 2 * i, "p") == "Buffered");
    }
    BOOST_TEST(limit_name(stream) == "none");
    BOOST_TEST(feed(stream, kIsn + 3 + 2 * static_cast<std::uint32_t>(limits::kMaxPendingSegments), "p") ==
               "LimitReached");
    BOOST_TEST(limit_name(stream) == "tcp.reassembly_too_many_segments");
    BOOST_TEST(feed(stream, kIsn + 2, "b") == "LimitReached");
}

BOOST_AUTO_TEST_CASE(segment_sizes_follow_stream_order) {
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    feed(stream, kIsn + 1, std::string(100, 'a'));
    feed(stream, kIsn + 301, std::string(50, 'c'));
    feed(stream, kIsn + 101, std::string(200, 'b'));
    feed(stream, kIsn + 351, std::string(7, 'd'));
    BOOST_TEST(stream.contiguous().size() == 357u);
    BOOST_TEST(stream.segment_sizes() == (std::vector<std::uint32_t>{100, 200, 50, 7}),
               boost::test_tools::per_element());
}

namespace {

// Four segments of "abcdefghijklmnop" delivered in each of the 24 orders.
std::vector<std::array<int, 4>> all_orders() {
    std::array<int, 4> order{0, 1, 2, 3};
    std::vector<std::array<int, 4>> orders;
    do {
        orders.push_back(order);
    } while (std::next_permutation(order.begin(), order.end()));
    return orders;
}

}  // namespace

BOOST_DATA_TEST_CASE(every_delivery_order_gives_the_same_stream, bdata::xrange(24), index) {
    const auto order = all_orders()[static_cast<std::size_t>(index)];
    const std::string whole = "abcdefghijklmnop";
    TcpStreamReassembler stream;
    stream.on_syn(kIsn);
    for (int piece : order) {
        const auto offset = static_cast<std::uint32_t>(piece * 4);
        feed(stream, kIsn + 1 + offset, whole.substr(offset, 4));
    }
    BOOST_TEST(text(stream.contiguous()) == whole);
    BOOST_TEST(stream.saw_out_of_order() == (order != std::array<int, 4>{0, 1, 2, 3}));
}

BOOST_AUTO_TEST_SUITE_END()
