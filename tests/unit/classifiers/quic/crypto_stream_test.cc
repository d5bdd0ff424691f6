#include "classifiers/quic/crypto_stream.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "classifiers/limits.h"

namespace {
using schoolgate::classifiers::quic::CryptoStream;
using Bytes = std::vector<std::uint8_t>;
namespace limits = schoolgate::classifiers::limits;

Bytes contiguous(const CryptoStream& stream) { return Bytes(stream.contiguous().begin(), stream.contiguous().end()); }
}  // namespace

BOOST_AUTO_TEST_SUITE(CryptoStreamTest)

BOOST_AUTO_TEST_CASE(joins_out_of_order_pieces) {
    CryptoStream stream;
    BOOST_TEST(stream.add(3, Bytes{4, 5}));
    BOOST_TEST(stream.contiguous().empty());
    BOOST_TEST(stream.add(0, Bytes{1, 2, 3}));
    BOOST_TEST(contiguous(stream) == (Bytes{1, 2, 3, 4, 5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_first_copy_wins) {
    CryptoStream stream;
    BOOST_TEST(stream.add(1, Bytes{0xaa, 0xbb}));
    BOOST_TEST(stream.add(0, Bytes{1, 2, 3, 4}));
    BOOST_TEST(contiguous(stream) == (Bytes{1, 0xaa, 0xbb, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(refuses_bytes_past_the_limit) {
    CryptoStream stream;
    BOOST_TEST(stream.add(limits::kMaxQuicCryptoBytes - 1, Bytes{1}));
    BOOST_TEST(!stream.add(limits::kMaxQuicCryptoBytes - 1, Bytes{1, 2}));
    BOOST_TEST(!stream.add(limits::kMaxQuicCryptoBytes + 1, Bytes{}));
    BOOST_TEST(!stream.add(~std::uint64_t{0}, Bytes{1}));
    BOOST_TEST(stream.contiguous().empty());
}

BOOST_AUTO_TEST_SUITE_END()
