#include "common/wire/byte_reader.h"

#include <array>
#include <boost/test/unit_test.hpp>

using schoolgate::wire::ByteReader;

BOOST_AUTO_TEST_SUITE(ByteReaderTest)

BOOST_AUTO_TEST_CASE(reads_big_endian_integers_in_order) {
    const std::array<std::uint8_t, 10> bytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};
    ByteReader reader{bytes};
    BOOST_TEST(*reader.read_u8() == 0x01);
    BOOST_TEST(*reader.read_u16() == 0x0203);
    BOOST_TEST(*reader.read_u24() == 0x040506u);
    BOOST_TEST(*reader.read_u32() == 0x0708090au);
    BOOST_TEST(reader.empty());
    BOOST_TEST(!reader.read_u8().has_value());
}

BOOST_AUTO_TEST_CASE(short_read_leaves_cursor_unchanged) {
    const std::array<std::uint8_t, 3> bytes{0xaa, 0xbb, 0xcc};
    ByteReader reader{bytes};
    BOOST_TEST(!reader.read_u32().has_value());
    BOOST_TEST(reader.remaining() == 3u);
    BOOST_TEST(!reader.read_bytes(4).has_value());
    BOOST_TEST(*reader.read_u24() == 0xaabbccu);
}

BOOST_AUTO_TEST_CASE(prefixed_block_is_confined_and_all_or_nothing) {
    const std::array<std::uint8_t, 5> bytes{0x00, 0x02, 0x11, 0x22, 0x33};
    ByteReader reader{bytes};
    auto block = reader.read_u16_prefixed();
    BOOST_REQUIRE(block.has_value());
    BOOST_TEST(block->remaining() == 2u);
    BOOST_TEST(*block->read_u16() == 0x1122);
    BOOST_TEST(!block->read_u8().has_value());
    BOOST_TEST(reader.remaining() == 1u);

    const std::array<std::uint8_t, 3> overlong{0x05, 0x01, 0x02};  // claims 5, has 2
    ByteReader bad{overlong};
    BOOST_TEST(!bad.read_u8_prefixed().has_value());
    BOOST_TEST(bad.remaining() == 3u);
}

BOOST_AUTO_TEST_CASE(absolute_loads_check_bounds) {
    const std::array<std::uint8_t, 3> bytes{0x01, 0x02, 0x03};
    BOOST_TEST(*schoolgate::wire::load_u16(bytes, 1) == 0x0203);
    BOOST_TEST(!schoolgate::wire::load_u16(bytes, 2).has_value());
    BOOST_TEST(!schoolgate::wire::load_u16(bytes, SIZE_MAX).has_value());
    BOOST_TEST(!schoolgate::wire::load_u8(bytes, 3).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
