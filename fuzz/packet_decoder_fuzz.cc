// Fuzz target: the packet decoder (gateway/decode/packet_decoder.h) on every link type it reads.
// Input: byte 0 picks the link type (value % 5: Ethernet, Linux cooked v1, Linux cooked v2, raw IP, BSD
// loopback); the rest is the captured frame. Besides "no crash, no UB", it checks what the header promises:
// the payload and the IP datagram it reports are views inside the frame.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "fuzz/fuzz_input.h"
#include "gateway/decode/packet_decoder.h"

namespace {

using schoolgate::gateway::decode::DecodeStatus;
using schoolgate::gateway::decode::LinkType;

constexpr LinkType kLinkTypes[] = {LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2, LinkType::RawIp,
                                   LinkType::Null};

bool inside(std::span<const std::uint8_t> part, std::span<const std::uint8_t> whole) {
    if (part.empty()) return true;
    const auto* begin = whole.data();
    const auto* end = whole.data() + whole.size();
    return part.data() >= begin && part.data() + part.size() <= end;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    schoolgate::fuzz::Choices choices{{data, size}};
    const LinkType link = kLinkTypes[choices.u8() % std::size(kLinkTypes)];
    const auto frame = choices.rest();
    schoolgate::gateway::decode::PacketView view;
    const auto outcome = schoolgate::gateway::decode::decode_packet(link, frame, view);
    if (outcome.status == DecodeStatus::Ok) {
        if (!inside(view.payload, frame) || !inside(view.ip_packet, frame)) std::abort();
        if (view.frame_bytes != frame.size()) std::abort();
    }
    return 0;
}
