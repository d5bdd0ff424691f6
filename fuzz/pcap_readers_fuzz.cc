// Fuzz target: the mapped classic-pcap reader (gateway/capture/classic_pcap_format.h) against libpcap on
// the same file. Both must open or refuse it alike and give the same packets (timestamps, lengths, bytes),
// the same end and the same error text; any difference aborts. ASan does not guard a mapping's end, so the
// record parser also walks an exact-size heap copy of the input, where reading one byte past the end is
// a report; UBSan checks the arithmetic.
// Input: a capture file, written to a scratch file (both readers open paths).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "gateway/capture/pcap_file_source.h"

namespace {

namespace capture = schoolgate::gateway::capture;
using Reader = capture::PcapFileSource::Reader;

// Says what differed before aborting, so that a crash file explains itself.
void same(bool equal, const char* what, const std::string& mapped = {}, const std::string& libpcap = {}) {
    if (equal) return;
    std::fprintf(stderr, "readers differ on %s: mapped '%s', libpcap '%s'\n", what, mapped.c_str(), libpcap.c_str());
    std::abort();
}

// One comparable text for a read: the status, or the error (the readers must agree on both).
std::string read_text(const capture::ReadResult& read) {
    return read.ok() ? "status " + std::to_string(static_cast<int>(read.value())) : "error: " + read.error();
}

}  // namespace

std::uint32_t byte_sum(std::span<const std::uint8_t> frame) {
    std::uint32_t sum = 0;
    for (const auto byte : frame) sum += byte;
    return sum;
}

// The parser alone over the bytes on the heap, every frame byte touched: the sum of each frame's bytes.
std::vector<std::uint32_t> walk_records(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> copy(data, data + size);
    std::vector<std::uint32_t> sums;
    const auto header = capture::read_classic_pcap_header(copy);
    if (!header) return sums;
    std::size_t offset = capture::kClassicPcapFileHeaderBytes;
    while (true) {
        const auto record = capture::read_classic_pcap_record(copy, offset, *header);
        if (record.status != capture::ClassicPcapRecord::Status::Packet) break;
        sums.push_back(byte_sum(record.frame));
        same(record.next > offset && record.next <= copy.size(), "the next record's offset");
        offset = record.next;
    }
    return sums;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const schoolgate::fuzz::ScratchFile scratch{"capture.pcap"};
    const auto sums = walk_records(data, size);
    const auto& path = scratch.write({data, size});
    auto fast = capture::PcapFileSource::open(path, Reader::Fastest);
    auto libpcap = capture::PcapFileSource::open(path, Reader::Libpcap);
    same(fast.ok() == libpcap.ok(), "whether the file opens", fast.ok() ? "" : fast.error(),
         libpcap.ok() ? "" : libpcap.error());
    if (!fast.ok()) {
        same(fast.error() == libpcap.error(), "the open error", fast.error(), libpcap.error());
        return 0;
    }
    auto& a = *fast.value();
    auto& b = *libpcap.value();
    // Otherwise the run would compare libpcap with itself.
    same(a.mapped() == capture::read_classic_pcap_header({data, size}).has_value(), "which reader read the file");
    same(a.link_type() == b.link_type(), "the link type");
    capture::CapturedPacket x;
    capture::CapturedPacket y;
    while (true) {
        const auto status = a.next(x);
        const auto other = b.next(y);
        same(read_text(status) == read_text(other), "the read status or error", read_text(status), read_text(other));
        if (!status.ok() || status.value() != capture::ReadStatus::Packet) break;
        const auto describe = [](const capture::CapturedPacket& p) {
            return "packet " + std::to_string(p.number) + " at " + std::to_string(p.ts.time_since_epoch().count()) +
                   " us, " + std::to_string(p.frame.size()) + " of " + std::to_string(p.wire_length) + " bytes";
        };
        same(x.number == y.number && x.ts == y.ts && x.wire_length == y.wire_length &&
                 x.frame.size() == y.frame.size(),
             "a packet", describe(x), describe(y));
        for (std::size_t i = 0; i < x.frame.size(); ++i) {
            same(x.frame[i] == y.frame[i], "a packet's bytes", describe(x));
        }
        if (a.mapped()) {
            same(x.number <= sums.size() && sums[x.number - 1] == byte_sum(x.frame), "the parser on a heap copy",
                 describe(x));
        }
    }
    return 0;
}
