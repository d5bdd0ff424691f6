#include "gateway/capture/pcap_file_source.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>

#include "support/temp_file.h"

namespace {

using schoolgate::gateway::capture::CapturedPacket;
using schoolgate::gateway::capture::PcapFileSource;
using schoolgate::gateway::capture::ReadStatus;
using schoolgate::test::TempFile;

void put32(std::string& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>(value >> shift));
}

void block(std::string& out, std::uint32_t type, const std::string& body) {
    put32(out, type);
    put32(out, static_cast<std::uint32_t>(12 + body.size()));
    out += body;
    put32(out, static_cast<std::uint32_t>(12 + body.size()));
}

// A little-endian pcapng file: section header, one Ethernet interface (microsecond timestamps), and one
// 60-byte enhanced packet block stamped `microseconds` after 1970.
std::string pcapng_with_timestamp(std::uint64_t microseconds) {
    std::string file;
    std::string shb;
    put32(shb, 0x1A2B3C4D);
    shb += std::string{"\x01\x00\x00\x00", 4};  // version 1.0
    shb += std::string(8, '\xff');               // section length: unknown
    block(file, 0x0A0D0D0A, shb);
    std::string idb{"\x01\x00\x00\x00", 4};  // link type 1 (Ethernet), reserved
    put32(idb, 262144);
    block(file, 1, idb);
    std::string epb;
    put32(epb, 0);
    put32(epb, static_cast<std::uint32_t>(microseconds >> 32));
    put32(epb, static_cast<std::uint32_t>(microseconds));
    put32(epb, 60);
    put32(epb, 60);
    epb += std::string(60, '\0');
    block(file, 6, epb);
    return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(PcapFileSourceTest)

// Found by tests/badinput (capture-timestamp-far-future): a pcapng packet stamped 2^64-1 us after 1970
// overflowed the conversion to the engine's microseconds (undefined behaviour) and was replayed as 1969.
BOOST_AUTO_TEST_CASE(timestamp_beyond_year_9999_is_a_corrupt_file_not_an_overflow) {
    TempFile capture{pcapng_with_timestamp(~std::uint64_t{0}), ".pcapng"};
    auto source = PcapFileSource::open(capture.path());
    BOOST_REQUIRE(source.ok());
    CapturedPacket packet;
    const auto read = source.value()->next(packet);
    BOOST_REQUIRE(!read.ok());
    BOOST_TEST(read.error() ==
               capture.path() + ": packet 1: timestamp 18446744073709 s is not between 1970 and 9999 (the file is "
                                "corrupt; packets before this one were processed)");
}

BOOST_AUTO_TEST_CASE(last_second_of_year_9999_is_read) {
    TempFile capture{pcapng_with_timestamp(253'402'300'799'000'000ULL), ".pcapng"};
    auto source = PcapFileSource::open(capture.path());
    BOOST_REQUIRE(source.ok());
    CapturedPacket packet;
    const auto first = source.value()->next(packet);
    BOOST_REQUIRE(first.ok());
    BOOST_REQUIRE((first.value() == ReadStatus::Packet));
    BOOST_TEST(packet.ts.time_since_epoch().count() == 253'402'300'799'000'000LL);
    BOOST_TEST(packet.frame.size() == 60u);
    const auto second = source.value()->next(packet);
    BOOST_REQUIRE(second.ok());
    BOOST_TEST((second.value() == ReadStatus::EndOfFile));
}

BOOST_AUTO_TEST_SUITE_END()
