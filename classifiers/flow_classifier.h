#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "classifiers/observations.h"

namespace schoolgate::classifiers {

namespace dns {
class AddressNameCache;
class TunnelDetector;
}

enum class Direction : std::uint8_t { ClientToServer, ServerToClient };
/// Tcp and Udp flows carry ports; Other is any other IP protocol (ESP, GRE, ICMP...), a flow per pair of
/// addresses and protocol number.
enum class Transport : std::uint8_t { Tcp, Udp, Other };

/// State shared by every flow of one worker, lent to classifiers for one call. Not thread-safe: each
/// worker owns its own.
struct ClassifierContext {
    dns::AddressNameCache& dns_cache;
    std::uint64_t packet_time_us;  ///< network time of the packet being inspected (never the wall clock)
    dns::TunnelDetector* tunnel_detector = nullptr;  ///< cross-flow DNS tunnel statistics; none in some tests
};

/// What a classifier wants after a call.
enum class InspectStatus : std::uint8_t {
    NeedMore,  ///< keep feeding this flow
    Done,      ///< nothing more to learn; the flow can be settled
};

/// Per-flow protocol state. A classifier reports facts into Observations and never decides policy.
/// Calls are on the packet path: no exceptions (allocation failure is fatal), no I/O, no clock.
class FlowClassifier {
public:
    virtual ~FlowClassifier() = default;

    /// TCP: called when new in-order bytes arrived in one direction. `stream` is everything contiguous in
    /// that direction from the first byte (at most limits::kMaxReassemblyBytes); classifiers keep their own
    /// read offset. `segment_sizes` is the size of each segment that contributed, in stream order.
    virtual InspectStatus on_stream(Direction direction, std::span<const std::uint8_t> stream,
                                    std::span<const std::uint32_t> segment_sizes, Observations& observations,
                                    ClassifierContext& context) noexcept = 0;

    /// TCP, after on_stream: how many bytes at the start of `stream` this classifier will never read
    /// again (a conversation's messages already read, a request body skipped). It forgets them (its own
    /// offsets count from after them from now on) and the inspector drops them from the reassembled stream,
    /// so that a long conversation is read through a window of limits::kMaxReassemblyBytes.
    virtual std::size_t release_consumed(Direction /*direction*/) noexcept { return 0; }

    /// UDP: one datagram's payload.
    virtual InspectStatus on_datagram(Direction direction, std::span<const std::uint8_t> payload,
                                      Observations& observations, ClassifierContext& context) noexcept = 0;
};

}  // namespace schoolgate::classifiers
