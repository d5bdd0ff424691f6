#include "classifiers/quic/crypto_stream.h"

#include <boost/test/unit_test.hpp>
#include <numeric>
#include <vector>

#include "classifiers/limits.h"

namespace {
using schoolgate::classifiers::quic::CryptoStream;
using Bytes = std::vector<std::uint8_t>;
using AddResult = CryptoStream::AddResult;
namespace limits = schoolgate::classifiers::limits;

Bytes contiguous(const CryptoStream& stream) { return Bytes(stream.contiguous().begin(), stream.contiguous().end()); }

Bytes counting_bytes(std::size_t size) {
    Bytes bytes(size);
    std::iota(bytes.begin(), bytes.end(), std::uint8_t{0});
    return bytes;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(CryptoStreamTest)

BOOST_AUTO_TEST_CASE(joins_out_of_order_pieces) {
    CryptoStream stream;
    BOOST_TEST((stream.add(3, Bytes{4, 5}) == AddResult::Stored));
    BOOST_TEST(stream.contiguous().empty());
    BOOST_TEST((stream.add(0, Bytes{1, 2, 3}) == AddResult::Stored));
    BOOST_TEST(contiguous(stream) == (Bytes{1, 2, 3, 4, 5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_first_copy_wins) {
    CryptoStream stream;
    BOOST_TEST((stream.add(1, Bytes{0xaa, 0xbb}) == AddResult::Stored));
    BOOST_TEST((stream.add(0, Bytes{1, 2, 3, 4}) == AddResult::Stored));
    BOOST_TEST(contiguous(stream) == (Bytes{1, 0xaa, 0xbb, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_first_copy_wins_over_waiting_pieces_and_the_joined_run) {
    CryptoStream stream;
    BOOST_TEST((stream.add(0, Bytes{1, 2}) == AddResult::Stored));
    BOOST_TEST((stream.add(4, Bytes{0xaa}) == AddResult::Stored));
    BOOST_TEST((stream.add(7, Bytes{0xbb, 0xcc}) == AddResult::Stored));
    // Covers the run, both waiting pieces and the gaps around them: only the gaps are taken.
    BOOST_TEST((stream.add(1, Bytes{9, 9, 9, 9, 9, 9, 9, 9, 9, 9}) == AddResult::Stored));
    BOOST_TEST(contiguous(stream) == (Bytes{1, 2, 9, 9, 0xaa, 9, 9, 0xbb, 0xcc, 9, 9}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_frame_ending_past_the_window_is_refused_and_stores_nothing) {
    CryptoStream stream;
    BOOST_TEST((stream.add(limits::kMaxQuicCryptoBytes - 1, Bytes{1}) == AddResult::Stored));
    const auto held = stream.held_bytes();
    BOOST_TEST((stream.add(limits::kMaxQuicCryptoBytes - 1, Bytes{1, 2}) == AddResult::BeyondWindow));
    BOOST_TEST((stream.add(limits::kMaxQuicCryptoBytes + 1, Bytes{}) == AddResult::BeyondWindow));
    BOOST_TEST((stream.add(~std::uint64_t{0}, Bytes{1}) == AddResult::BeyondWindow));
    BOOST_TEST((stream.add(std::uint64_t{1} << 62, Bytes{1}) == AddResult::BeyondWindow));
    BOOST_TEST(stream.held_bytes() == held);
    BOOST_TEST(stream.contiguous().empty());
}

// The attack that took 20,000 flows to 1.5 GB: one byte near the end of the window used to size a buffer
// for the whole window. Now it costs that byte (and its place in the piece list).
BOOST_AUTO_TEST_CASE(a_lone_byte_far_into_the_window_holds_only_that_byte) {
    CryptoStream stream;
    BOOST_TEST((stream.add(limits::kMaxQuicCryptoBytes - 1, Bytes{1}) == AddResult::Stored));
    BOOST_TEST(stream.held_bytes() <= 1 + sizeof(CryptoStream::Piece));
}

BOOST_AUTO_TEST_CASE(held_bytes_stay_within_the_bound_whatever_the_offsets) {
    CryptoStream stream;
    const Bytes chunk = counting_bytes(61);  // 67 chunk-and-gap slots fit the window: more than the cap
    // Every other chunk-sized slot of the window from the far end, then the gaps: the worst shapes for a
    // buffer sized by offset and for a piece list.
    std::size_t pieces = 0;
    for (std::size_t slot = 1; (2 * slot + 1) * chunk.size() <= limits::kMaxQuicCryptoBytes; ++slot) {
        const auto result = stream.add(limits::kMaxQuicCryptoBytes - (2 * slot - 1) * chunk.size(), chunk);
        BOOST_TEST_REQUIRE((result == AddResult::Stored || result == AddResult::TooFragmented));
        if (result == AddResult::Stored) ++pieces;
        BOOST_TEST_REQUIRE(stream.held_bytes() <= CryptoStream::kMaxHeldBytes);
    }
    BOOST_TEST(pieces == limits::kMaxQuicCryptoPieces);
    const Bytes window = counting_bytes(limits::kMaxQuicCryptoBytes);
    // One frame covering the whole window joins every gap and piece: nothing is left waiting.
    BOOST_TEST((stream.add(0, window) == AddResult::Stored));
    BOOST_TEST(stream.held_bytes() <= CryptoStream::kMaxHeldBytes);
    BOOST_TEST(stream.held_bytes() == limits::kMaxQuicCryptoBytes);
    BOOST_TEST(stream.contiguous().size() == limits::kMaxQuicCryptoBytes);
}

BOOST_AUTO_TEST_CASE(more_waiting_pieces_than_the_cap_is_too_fragmented) {
    CryptoStream stream;
    for (std::size_t i = 0; i < limits::kMaxQuicCryptoPieces; ++i) {
        BOOST_TEST_REQUIRE((stream.add(2 * i + 1, Bytes{1}) == AddResult::Stored));
    }
    BOOST_TEST((stream.add(2 * limits::kMaxQuicCryptoPieces + 1, Bytes{1}) == AddResult::TooFragmented));
    // Filling the gap at 0 joins the first piece, which makes room again.
    BOOST_TEST((stream.add(0, Bytes{0}) == AddResult::Stored));
    BOOST_TEST(stream.contiguous().size() == 2u);
    BOOST_TEST((stream.add(2 * limits::kMaxQuicCryptoPieces + 1, Bytes{1}) == AddResult::Stored));
}

// Chromium's post-quantum ClientHello (about 1.8 KB) comes in two Initials whose CRYPTO frames are
// shuffled among PING and PADDING frames: every order of its pieces must rebuild it.
BOOST_AUTO_TEST_CASE(a_split_post_quantum_sized_hello_is_rebuilt_in_any_order) {
    const Bytes hello = counting_bytes(1830);
    const std::vector<std::size_t> cuts{0, 140, 610, 900, 1175, 1500, 1830};
    std::vector<std::size_t> order(cuts.size() - 1);
    std::iota(order.begin(), order.end(), std::size_t{0});
    do {
        CryptoStream stream;
        for (const auto piece : order) {
            const auto span = std::span{hello}.subspan(cuts[piece], cuts[piece + 1] - cuts[piece]);
            BOOST_TEST_REQUIRE((stream.add(cuts[piece], span) == AddResult::Stored));
        }
        BOOST_TEST_REQUIRE(contiguous(stream) == hello);
        BOOST_TEST_REQUIRE(stream.held_bytes() == hello.size());  // all joined: one buffer, sized exactly
    } while (std::next_permutation(order.begin(), order.end()));
}

BOOST_AUTO_TEST_SUITE_END()
