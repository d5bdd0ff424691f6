// The mapped classic-pcap reader against libpcap: every capture of the project (and the shared nDPI
// captures, when ../shared is beside the checkout), and hand-made files for each edge of the format, must
// give the same packets, timestamps, lengths, end and error text through both readers.
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <string>
#include <vector>

#include "gateway/capture/pcap_file_source.h"
#include "support/temp_file.h"

namespace {

using schoolgate::gateway::capture::CapturedPacket;
using schoolgate::gateway::capture::PcapFileSource;
using schoolgate::gateway::capture::ReadStatus;
using schoolgate::test::TempFile;
using Reader = PcapFileSource::Reader;

struct Reading {
    std::string open_error;
    bool mapped = false;
    int link_type = -1;
    std::vector<std::string> packets;  ///< "number ts wire_length caplen" and the bytes
    std::string error;  ///< how the reading ended; empty at a clean end of file
};

Reading read_all(const std::string& path, Reader reader) {
    Reading reading;
    auto source = PcapFileSource::open(path, reader);
    if (!source.ok()) {
        reading.open_error = source.error();
        return reading;
    }
    reading.mapped = source.value()->mapped();
    reading.link_type = static_cast<int>(source.value()->link_type());
    CapturedPacket packet;
    while (true) {
        const auto read = source.value()->next(packet);
        if (!read.ok()) {
            reading.error = read.error();
            break;
        }
        if (read.value() == ReadStatus::EndOfFile) break;
        reading.packets.push_back(std::to_string(packet.number) + ' ' +
                                  std::to_string(packet.ts.time_since_epoch().count()) + ' ' +
                                  std::to_string(packet.wire_length) + ' ' + std::to_string(packet.frame.size()) + ' ' +
                                  std::string{packet.frame.begin(), packet.frame.end()});
    }
    return reading;
}

// Returns whether the fast reader mapped the file.
bool check_agree(const std::string& path) {
    const auto fast = read_all(path, Reader::Fastest);
    const auto libpcap = read_all(path, Reader::Libpcap);
    BOOST_TEST(fast.open_error == libpcap.open_error, path);
    BOOST_TEST(fast.link_type == libpcap.link_type, path);
    BOOST_TEST(fast.packets.size() == libpcap.packets.size(), path);
    BOOST_TEST((fast.packets == libpcap.packets), path);
    BOOST_TEST(fast.error == libpcap.error, path << ": " << fast.error << " / libpcap: " << libpcap.error);
    BOOST_TEST(!libpcap.mapped);
    return fast.mapped;
}

void put16(std::string& out, std::uint16_t value, bool big_endian) {
    for (int i = 0; i < 2; ++i) {
        const int shift = big_endian ? 8 * (1 - i) : 8 * i;
        out.push_back(static_cast<char>(value >> shift));
    }
}

void put32(std::string& out, std::uint32_t value, bool big_endian) {
    for (int i = 0; i < 4; ++i) {
        const int shift = big_endian ? 8 * (3 - i) : 8 * i;
        out.push_back(static_cast<char>(value >> shift));
    }
}

struct FileSpec {
    bool big_endian = false;
    std::uint32_t magic = 0xa1b2c3d4;
    std::uint16_t major = 2;
    std::uint16_t minor = 4;
    std::uint32_t snaplen = 65535;
    std::uint32_t link_type = 1;
};

std::string file_header(const FileSpec& spec) {
    std::string out;
    put32(out, spec.magic, spec.big_endian);
    put16(out, spec.major, spec.big_endian);
    put16(out, spec.minor, spec.big_endian);
    put32(out, 0, spec.big_endian);  // thiszone
    put32(out, 0, spec.big_endian);  // sigfigs
    put32(out, spec.snaplen, spec.big_endian);
    put32(out, spec.link_type, spec.big_endian);
    return out;
}

std::string record(const FileSpec& spec, std::uint32_t seconds, std::uint32_t fraction, std::uint32_t caplen,
                   std::uint32_t wire_length, std::size_t bytes_present) {
    std::string out;
    put32(out, seconds, spec.big_endian);
    put32(out, fraction, spec.big_endian);
    put32(out, caplen, spec.big_endian);
    put32(out, wire_length, spec.big_endian);
    for (std::size_t i = 0; i < bytes_present; ++i) out.push_back(static_cast<char>(i * 7 + 1));
    return out;
}

// Three ordinary records after the header, in the spec's byte order and timestamp unit.
std::string ordinary_file(const FileSpec& spec) {
    return file_header(spec) + record(spec, 1'772'619'300, 41'999, 60, 60, 60) +
           record(spec, 1'772'619'301, 999'999'999 / (spec.magic == 0xa1b23c4d ? 1 : 1000), 54, 1514, 54) +
           record(spec, 1'772'619'302, 0, 0, 0, 0);
}

// The four forms of the header: either byte order, microsecond or nanosecond timestamps.
std::vector<FileSpec> every_byte_order_and_unit() {
    std::vector<FileSpec> forms;
    for (const bool big_endian : {false, true}) {
        for (const std::uint32_t magic : {0xa1b2c3d4u, 0xa1b23c4du}) {
            FileSpec spec;
            spec.big_endian = big_endian;
            spec.magic = magic;
            forms.push_back(spec);
        }
    }
    return forms;
}

bool agree_on(const std::string& contents) {
    TempFile file{contents, ".pcap"};
    return check_agree(file.path());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(PcapReadersAgree)

BOOST_AUTO_TEST_CASE(every_project_capture_reads_the_same) {
    const std::filesystem::path root{SG_SOURCE_DIR};
    std::size_t files = 0;
    std::size_t mapped = 0;
    std::vector<std::filesystem::path> roots{root / "pcaps", root / "tests", root.parent_path() / "shared" / "pcaps"};
    for (const auto& top : roots) {
        if (!std::filesystem::is_directory(top)) {
            BOOST_TEST_MESSAGE("not present, skipped: " << top);
            continue;
        }
        for (const auto& entry : std::filesystem::recursive_directory_iterator(top)) {
            const auto extension = entry.path().extension();
            if (!entry.is_regular_file() || (extension != ".pcap" && extension != ".pcapng")) continue;
            ++files;
            if (check_agree(entry.path().string())) ++mapped;
        }
    }
    BOOST_TEST_MESSAGE(files << " captures compared, " << mapped << " read by the mapped reader");
    BOOST_TEST(files >= 20u);
    BOOST_TEST(mapped >= 10u);  // the project's own captures are classic pcap
}

BOOST_AUTO_TEST_CASE(byte_orders_and_timestamp_units) {
    for (const auto& spec : every_byte_order_and_unit()) {
        BOOST_TEST(agree_on(ordinary_file(spec)), "big endian " << spec.big_endian << " magic " << spec.magic);
    }
}

BOOST_AUTO_TEST_CASE(every_link_type_the_decoder_reads) {
    for (const std::uint32_t link : {0u, 1u, 101u, 108u, 113u, 228u, 229u, 276u}) {
        FileSpec spec;
        spec.link_type = link;
        BOOST_TEST(agree_on(ordinary_file(spec)), "link type " << link);
    }
}

// libpcap rewrites the CAN ID of SocketCAN frames in byte-swapped Linux cooked captures (found by a second
// reading of the mapped reader), so those files stay with libpcap.
BOOST_AUTO_TEST_CASE(byte_swapped_linux_cooked_captures_are_left_to_libpcap) {
    for (const std::uint32_t link : {113u, 276u}) {
        FileSpec spec;
        spec.big_endian = true;
        spec.link_type = link;
        std::string frame = record(spec, 1'772'619'300, 5, 24, 24, 0);
        std::string bytes(24, '\0');
        if (link == 113) {
            bytes[14] = '\x00';  // protocol 0x000C: CAN
            bytes[15] = '\x0c';
        } else {
            bytes[0] = '\x00';  // SLL2 puts the protocol first
            bytes[1] = '\x0c';
        }
        bytes[link == 113 ? 16 : 20] = '\x01';  // the CAN ID libpcap swaps
        BOOST_TEST(!agree_on(file_header(spec) + frame + bytes), "link type " << link);
    }
}

// Past the first 2 MiB the mapped reader drops pages it has read and prefaults the next ones: a capture of
// several MiB must still read the same to the end.
BOOST_AUTO_TEST_CASE(a_capture_of_several_mebibytes_reads_the_same_to_the_end) {
    const FileSpec spec;
    std::string contents = file_header(spec);
    for (std::uint32_t i = 0; i < 40'000; ++i) {
        contents += record(spec, 1'772'619'300 + i / 1000, i % 1000, 150, 150, 150);
    }
    BOOST_REQUIRE(contents.size() > 6'000'000u);
    BOOST_TEST(agree_on(contents));
}

BOOST_AUTO_TEST_CASE(other_forms_are_left_to_libpcap) {
    FileSpec old_version;
    old_version.minor = 3;
    BOOST_TEST(!agree_on(ordinary_file(old_version)));
    FileSpec unknown_link;
    unknown_link.link_type = 147;  // user 0: libpcap opens it, the engine refuses the link type
    BOOST_TEST(!agree_on(ordinary_file(unknown_link)));
    FileSpec fcs_bits;
    fcs_bits.link_type = 1u | (1u << 28) | (4u << 26);
    BOOST_TEST(!agree_on(ordinary_file(fcs_bits)));
    FileSpec modified;
    modified.magic = 0xa1b2cd34;
    BOOST_TEST(!agree_on(ordinary_file(modified)));
    BOOST_TEST(!agree_on(file_header(FileSpec{}).substr(0, 20)));  // header cut short
    BOOST_TEST(!agree_on(""));
}

BOOST_AUTO_TEST_CASE(edges_of_the_record_format) {
    const FileSpec spec;
    const std::string header = file_header(spec);
    const std::string good = record(spec, 1'772'619'300, 5, 60, 60, 60);
    BOOST_TEST(agree_on(header));                                                  // no records at all
    BOOST_TEST(agree_on(header + good + good.substr(0, 9)));                       // record header cut
    BOOST_TEST(agree_on(header + good + record(spec, 1, 2, 60, 60, 59)));          // data cut
    BOOST_TEST(agree_on(header + good + record(spec, 1, 2, 262145, 262145, 10)));  // over the maximum
    BOOST_TEST(agree_on(header + record(spec, 1, 2, ~0u, ~0u, 0)));               // 4 GiB
    BOOST_TEST(agree_on(header + record(spec, 1, 2, 60, 10, 60) + good));          // caplen > wire length
    BOOST_TEST(agree_on(header + record(spec, 1, 2'000'000, 60, 60, 60) + good));  // microseconds past a second
}

BOOST_AUTO_TEST_CASE(records_longer_than_the_snap_length_are_cut_as_libpcap_cuts_them) {
    for (const std::uint32_t snaplen : {0u, 40u, 262144u, 262145u, ~0u}) {
        FileSpec spec;
        spec.snaplen = snaplen;
        const std::string header = file_header(spec);
        const std::string good = record(spec, 1'772'619'300, 5, 60, 60, 60);
        const std::string big = record(spec, 1, 2, 200'000, 200'000, 200'000);
        BOOST_TEST(agree_on(header + good + record(spec, 1, 2, 100, 1500, 100) + good), "snaplen " << snaplen);
        BOOST_TEST(agree_on(header + good + record(spec, 1, 2, 100, 1500, 50)), "snaplen " << snaplen);  // in kept part
        BOOST_TEST(agree_on(header + good + record(spec, 1, 2, 100, 1500, 45)), "snaplen " << snaplen);  // in the rest
        BOOST_TEST(agree_on(header + good + big + good), "snaplen " << snaplen);
    }
}

// A capture piped in (`schoolgate replay /dev/stdin`, a FIFO) cannot be mapped: libpcap reads it, and the
// reader must not open and close the pipe first (that would cut the writer off).
BOOST_AUTO_TEST_CASE(a_fifo_is_read_by_libpcap) {
    const std::string contents = ordinary_file(FileSpec{});
    const auto fifo = std::filesystem::temp_directory_path() / ("sg-test-fifo-" + std::to_string(::getpid()));
    std::filesystem::remove(fifo);
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::thread writer{[&] { std::ofstream{fifo, std::ios::binary} << contents; }};
    auto source = PcapFileSource::open(fifo.string());
    std::size_t packets = 0;
    if (source.ok()) {
        BOOST_TEST(!source.value()->mapped());
        CapturedPacket packet;
        while (true) {
            const auto read = source.value()->next(packet);
            BOOST_REQUIRE_MESSAGE(read.ok(), (read.ok() ? "" : read.error()));
            if (read.value() == ReadStatus::EndOfFile) break;
            ++packets;
        }
    }
    writer.join();
    std::filesystem::remove(fifo);
    BOOST_REQUIRE(source.ok());
    BOOST_TEST(packets == 3u);
}

// Found by the pcap_readers fuzz target: libpcap reads a native-order timestamp as signed and a byte-swapped
// one as unsigned; its snapshot is the header's snap length whenever that is positive as a signed int.
BOOST_AUTO_TEST_CASE(timestamps_and_snap_lengths_read_as_libpcap_reads_them) {
    for (const auto& spec : every_byte_order_and_unit()) {
        const std::string header = file_header(spec);
        const std::string good = record(spec, 1'772'619'300, 5, 60, 60, 60);
        BOOST_TEST(agree_on(header + good + record(spec, 0xd4c3b2a1, 5, 20, 20, 20) + good));  // past 2038
        BOOST_TEST(agree_on(header + good + record(spec, 1'772'619'300, 0x92000000, 20, 20, 20)));  // fraction
        BOOST_TEST(agree_on(header + good + record(spec, 0xffffffff, 0xffffffff, 20, 20, 20)));
    }
    for (const std::uint32_t snaplen : {553'648'128u, 0x80000000u}) {
        FileSpec spec;
        spec.snaplen = snaplen;
        const std::string header = file_header(spec);
        const std::string good = record(spec, 1'772'619'300, 5, 60, 60, 60);
        BOOST_TEST(agree_on(header + good + record(spec, 1, 2, 303'636'519, 1500, 10)), "snaplen " << snaplen);
        BOOST_TEST(agree_on(header + good + record(spec, 1, 2, 1'392'508'928, 1500, 10)), "snaplen " << snaplen);
    }
}

BOOST_AUTO_TEST_SUITE_END()
