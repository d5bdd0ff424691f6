#include "gateway/engine/frame_decoder.h"

namespace schoolgate::gateway::engine {

namespace {

std::uint64_t to_us(WallTime ts) noexcept { return static_cast<std::uint64_t>(ts.time_since_epoch().count()); }

}  // namespace

decode::DecodeOutcome FrameDecoder::decode_uncounted(const Frame& frame,
                                                     classifiers::AnomalyCounters& reassembly) noexcept {
    completed_.reset();
    auto outcome = decode::decode_packet(frame.link, frame.bytes, view_);
    bytes_ = frame.bytes;
    view_.ts = frame.ts;
    if (view_.src_mac.is_zero()) view_.src_mac = frame.mac;
    view_.checksum_not_ready = frame.checksums.not_ready;
    view_.checksums_final = frame.checksums.final;
    reassembler_.expire(to_us(frame.ts), reassembly);
    if (outcome.status == decode::DecodeStatus::Fragment) outcome = reassemble(frame, outcome, reassembly);
    view_.fragment = {};  // views the frame, which the caller may not keep
    return outcome;
}

decode::DecodeOutcome FrameDecoder::reassemble(const Frame& frame, decode::DecodeOutcome outcome,
                                               classifiers::AnomalyCounters& reassembly) {
    // Allocation failure is fatal by design (R8); nothing else here throws.
    const auto whole = reassembler_.add(view_, to_us(frame.ts), reassembly);
    if (!whole) return outcome;
    completed_ = outcome.anomaly;  // counted as a fragment and a reassembled datagram (count_reassembled)
    const auto vlan_id = view_.vlan_id;
    const auto mac = view_.src_mac;
    outcome = decode::decode_packet(decode::LinkType::RawIp, whole->datagram, view_);
    bytes_ = whole->datagram;
    view_.ts = frame.ts;
    view_.vlan_id = vlan_id;
    view_.src_mac = mac;
    view_.frame_bytes = static_cast<std::uint32_t>(frame.bytes.size());
    view_.checksum_not_ready = frame.checksums.not_ready;
    view_.checksums_final = frame.checksums.final;
    // The rebuilt datagram carries no fragment header or offset; a fragment inside it (an IPv6 fragment
    // header in the fragmentable part) is not reassembled twice.
    if (outcome.status == decode::DecodeStatus::Fragment) {
        return {decode::DecodeStatus::Malformed, classifiers::Anomaly::IpFragmentNested};
    }
    if (whole->overlapped) {
        // Which copy a server keeps is its system's choice: none is read, and the checksum (over the first
        // copies) says nothing of what the server got. The header (addresses, ports) is the first fragment's,
        // enough to put the technique on its flow.
        view_.fragment_overlap = true;
        view_.payload = {};
        view_.checksum_not_ready = true;
    }
    return outcome;
}

void note_fragment_overlap(classifiers::Observations& observations) {
    if (observations.has_technique(classifiers::Technique::IpFragmentOverlap)) return;
    observations.note_technique(classifiers::Technique::IpFragmentOverlap, classifiers::Confidence::High,
                                "IP fragments that overlap with different bytes (or, for IPv6, at all): which copy the "
                                "server keeps depends on its system, so the datagram was not read");
}

}  // namespace schoolgate::gateway::engine
