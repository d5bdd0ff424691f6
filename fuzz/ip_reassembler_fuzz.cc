// Fuzz target: IP fragment reassembly (gateway/decode/ip_reassembler.h) fed by the packet decoder, as the
// engine's FrameDecoder feeds it. Input: byte 0 picks the limits (bits 0-1 max_datagrams 256/1/2/4, bits 2-3
// per source 16/1/2/3, bits 4-5 max_fragments 1024/2/4/8, bit 6 max_datagram_bytes 200 instead of 65535), so
// that eviction, share and limit paths are reached with few packets; then records, each a flags byte (bit 0:
// 31 s pass first, past the timeout), a 2-byte big-endian length and a raw IP packet. Besides "no crash, no
// UB", it checks the contract: the table stays within its limits, a rebuilt datagram is at most 65,535 bytes
// past its fixed header and is no fragment itself (IPv4), and finish() leaves nothing behind.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzz/fuzz_input.h"
#include "gateway/decode/ip_reassembler.h"
#include "gateway/decode/packet_decoder.h"

namespace {

namespace decode = schoolgate::gateway::decode;

constexpr std::uint64_t kSecond = 1'000'000;

decode::ReassemblyLimits limits_from(std::uint8_t choice) {
    constexpr std::uint32_t kDatagrams[] = {256, 1, 2, 4};
    constexpr std::uint32_t kPerSource[] = {16, 1, 2, 3};
    constexpr std::uint32_t kFragments[] = {1024, 2, 4, 8};
    decode::ReassemblyLimits limits;
    limits.max_datagrams = kDatagrams[choice & 3u];
    limits.max_datagrams_per_source = kPerSource[(choice >> 2) & 3u];
    limits.max_fragments = kFragments[(choice >> 4) & 3u];
    if (choice & 0x40u) limits.max_datagram_bytes = 200;
    return limits;
}

void check_datagram(const decode::Reassembled& whole) {
    if (whole.datagram.empty()) std::abort();
    const bool v6 = (whole.datagram.front() >> 4) == 6;
    if (whole.datagram.size() > 65535u + (v6 ? 40u : 0u)) std::abort();
    decode::PacketView view;
    const auto outcome = decode::decode_packet(decode::LinkType::RawIp, whole.datagram, view);
    if (!v6 && outcome.status == decode::DecodeStatus::Fragment) std::abort();  // offset and flags were cleared
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    schoolgate::fuzz::Choices choices{{data, size}};
    const auto limits = limits_from(choices.u8());
    decode::IpReassembler reassembler{limits};
    schoolgate::classifiers::AnomalyCounters anomalies;
    std::uint64_t now = 1'772'619'300ULL * kSecond;
    while (!choices.rest().empty()) {
        const std::uint8_t flags = choices.u8();
        const auto packet = choices.take(choices.u16());
        now += (flags & 1u) ? 31 * kSecond : 1000;
        decode::PacketView view;
        const auto outcome = decode::decode_packet(decode::LinkType::RawIp, packet, view);
        if (outcome.status != decode::DecodeStatus::Fragment) continue;
        if (const auto whole = reassembler.add(view, now, anomalies)) check_datagram(*whole);
        if (reassembler.datagrams() > limits.max_datagrams) std::abort();
        if (reassembler.sources() > reassembler.datagrams()) std::abort();
    }
    reassembler.finish(anomalies);
    if (reassembler.datagrams() != 0 || reassembler.sources() != 0) std::abort();
    return 0;
}
