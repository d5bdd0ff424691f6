// Fuzz target: the mapped classic-pcap reader (gateway/capture/classic_pcap_format.h) against libpcap on
// the same file. Both must open or refuse it alike and give the same packets (timestamps, lengths, bytes),
// the same end and the same error text; any difference aborts. The mapped reader must never read past the
// file (ASan guards the mapping's neighbours; UBSan the arithmetic).
// Input: a capture file, written to a scratch file (both readers open paths).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz/fuzz_input.h"
#include "gateway/capture/pcap_file_source.h"

namespace {

namespace capture = schoolgate::gateway::capture;
using Reader = capture::PcapFileSource::Reader;

void same(bool equal) {
    if (!equal) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const schoolgate::fuzz::ScratchFile scratch{"capture.pcap"};
    const auto& path = scratch.write({data, size});
    auto fast = capture::PcapFileSource::open(path, Reader::Fastest);
    auto libpcap = capture::PcapFileSource::open(path, Reader::Libpcap);
    same(fast.ok() == libpcap.ok());
    if (!fast.ok()) {
        same(fast.error() == libpcap.error());
        return 0;
    }
    auto& a = *fast.value();
    auto& b = *libpcap.value();
    same(a.link_type() == b.link_type());
    capture::CapturedPacket x;
    capture::CapturedPacket y;
    while (true) {
        const auto status = a.next(x);
        same(status == b.next(y));
        if (status != capture::ReadStatus::Packet) break;
        same(x.number == y.number && x.ts == y.ts && x.wire_length == y.wire_length);
        same(x.frame.size() == y.frame.size());
        for (std::size_t i = 0; i < x.frame.size(); ++i) same(x.frame[i] == y.frame[i]);
    }
    same(a.error() == b.error());
    return 0;
}
