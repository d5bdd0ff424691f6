#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/result.h"
#include "gateway/decode/packet_decoder.h"

namespace schoolgate::gateway::capture {

struct LiveCaptureCounters {
    std::uint64_t received = 0;       ///< pcap_stats ps_recv
    std::uint64_t dropped_kernel = 0; ///< ps_drop: the ring was full, the packet never reached us
    std::uint64_t dropped_interface = 0;
};

/// Passive mode: libpcap on an interface or mirror port (TPACKET_V3 ring, immediate mode), never in
/// promiscuous mode unless asked, filtered in the kernel by a BPF expression. Nothing is enforced.
class LivePcapSource {
public:
    static Result<std::unique_ptr<LivePcapSource>, std::string> open(const std::string& interface,
                                                                     const std::string& bpf_filter, bool promiscuous);
    ~LivePcapSource();
    LivePcapSource(const LivePcapSource&) = delete;
    LivePcapSource& operator=(const LivePcapSource&) = delete;

    /// Calls `on_frame(frame)` for every packet that arrives within `timeout`; returns how many, or fails
    /// with libpcap's message when the capture broke (the interface went away).
    template <typename OnFrame>
    Result<int, std::string> dispatch(std::chrono::milliseconds timeout, OnFrame&& on_frame) {
        return dispatch_raw(timeout, [](void* user, std::span<const std::uint8_t> frame) {
            (*static_cast<OnFrame*>(user))(frame);
        }, &on_frame);
    }

    decode::LinkType link_type() const noexcept { return link_type_; }
    Result<LiveCaptureCounters, std::string> counters() const;

private:
    using RawCallback = void (*)(void*, std::span<const std::uint8_t>);
    LivePcapSource(void* handle, decode::LinkType link_type);
    Result<int, std::string> dispatch_raw(std::chrono::milliseconds timeout, RawCallback callback, void* user);

    void* handle_;  ///< pcap_t*
    int descriptor_ = -1;
    decode::LinkType link_type_;
};

}  // namespace schoolgate::gateway::capture
