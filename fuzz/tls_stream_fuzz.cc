// Fuzz target: TLS over TCP through classifiers/flow_inspector.h, i.e. TCP stream reassembly, the registry's
// probe, TLS record reassembly and the ClientHello parser together. The stream is cut into segments and
// delivered out of order, the way an evasive client would send it.
//
// Input layout (fuzz/README.md):
//   byte 0      flags: low 4 bits + 1 = cut points read below; 0x10 send the SYN first; 0x20 also resend the
//               first piece with its bytes inverted (first copy must win); 0x40 server port 8443 (no port hint)
//   bytes 1-4   the client's initial sequence number (big-endian; wrap-around is reachable)
//   next n      cut points, each at weight/255 of the stream
//   next 1      order: 0 keeps stream order, anything else seeds a shuffle of the pieces
//   the rest    the client's byte stream (the TLS records)

#include <cstddef>
#include <cstdint>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/observation_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace schoolgate::classifiers;
    schoolgate::fuzz::Choices choices{{data, size}};
    const std::uint8_t flags = choices.u8();
    const std::uint32_t isn = choices.u32();
    const auto weights = choices.take((flags & 0x0f) + 1u);
    const std::uint8_t order = choices.u8();
    const auto stream = choices.rest();

    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
    FlowInspector inspector{Transport::Tcp, static_cast<std::uint16_t>((flags & 0x40) ? 8443 : 443)};
    // The data starts one after the SYN's sequence number; without a SYN the first segment seen sets it.
    const std::uint32_t first_byte = isn + 1;
    if (flags & 0x10) inspector.on_tcp_syn(Direction::ClientToServer, isn);

    auto pieces = schoolgate::fuzz::split_stream(stream, weights, order);
    std::vector<std::uint8_t> inverted;
    if ((flags & 0x20) && !pieces.empty()) {
        // A retransmission of the first piece delivered with different bytes, before the real one.
        for (const std::uint8_t byte : pieces.front().bytes) inverted.push_back(static_cast<std::uint8_t>(~byte));
        pieces.insert(pieces.begin(), {pieces.front().offset, inverted});
    }
    for (const auto& piece : pieces) {
        const auto seq = static_cast<std::uint32_t>(first_byte + piece.offset);
        const auto status = inspector.on_tcp_segment(Direction::ClientToServer, seq, piece.bytes, context);
        schoolgate::fuzz::check_observations(inspector.observations());
        if (status == InspectStatus::Done) break;
    }
    return 0;
}
