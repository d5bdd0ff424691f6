#pragma once

#include <cstdint>
#include <span>

#include "classifiers/ndpi/ndpi_reading.h"

// nDPI's own type, declared here only by name: no header outside classifiers/ndpi/*.cc includes nDPI.
struct ndpi_flow_struct;

namespace schoolgate::classifiers::ndpi {

class NdpiModule;

/// One flow's nDPI state: NdpiModule::flow_state_bytes() (688 B in 4.2) plus what nDPI allocates while it
/// dissects, zeroed at construction as nDPI requires and freed by the destructor - so the engine frees it
/// the moment the flow is settled (destroy the NdpiFlow) and keeps only the NdpiReading.
///
/// Create one only for a flow our own classifiers did not settle, and feed it only the flow's first
/// packets: nDPI's cost is in those (shared/notes/ndpi-and-peers.md), and it stops by itself
/// (`done`) when it is sure or after kMaxTcpPackets / kMaxUdpPackets packets.
///
/// Thread safety: none. A flow belongs to the worker that owns its module; the module must outlive it.
/// Time: only the packet time the caller passes (network time), never a clock.
class NdpiFlow {
public:
    /// nDPI's own budgets (ndpiReader's defaults): past these it rarely learns anything more. When a
    /// flow reaches one with nothing named, feed() asks nDPI for its best guess (giveup) and is done.
    static constexpr std::uint32_t kMaxTcpPackets = 80;
    static constexpr std::uint32_t kMaxUdpPackets = 24;

    /// Allocates the flow's state (std::bad_alloc is fatal by design, as everywhere on the packet path).
    explicit NdpiFlow(NdpiModule& module);
    ~NdpiFlow();
    NdpiFlow(const NdpiFlow&) = delete;
    NdpiFlow& operator=(const NdpiFlow&) = delete;

    /// One packet of the flow, either direction. `ip_packet` is the whole IP datagram from its first
    /// header byte (PacketView::ip_packet), valid only during the call; nDPI reads at most 65 535 bytes of
    /// it and checks every length itself. Empty spans are ignored. `time_ms` is the packet's capture time
    /// in milliseconds. `from_client` says which side sent it (counted; nDPI 4.2 works out direction
    /// itself from addresses and ports, as in its own tests). Once done, returns the final reading and
    /// never calls nDPI again.
    NdpiReading feed(std::span<const std::uint8_t> ip_packet, std::uint64_t time_ms, bool from_client) noexcept;
    /// The same as feed() without building the reading: true once the flow is done (then call reading()).
    /// The packet path uses this, since a reading costs more than most packets.
    bool advance(std::span<const std::uint8_t> ip_packet, std::uint64_t time_ms, bool from_client = true) noexcept;

    /// nDPI's best guess now (ndpi_detection_giveup with guessing by port and address on): for when the
    /// engine's own budget runs out or the flow ends first. The flow is then done.
    NdpiReading giveup() noexcept;

    /// The reading so far, without feeding anything.
    NdpiReading reading() const noexcept;

    bool done() const noexcept { return done_; }
    std::uint32_t packets() const noexcept { return packets_; }
    std::uint32_t client_packets() const noexcept { return client_packets_; }
    std::uint32_t server_packets() const noexcept { return packets_ - client_packets_; }

private:
    void take_best_guess() noexcept;

    NdpiModule& module_;
    ndpi_flow_struct* state_;
    std::uint32_t packets_ = 0;
    std::uint32_t client_packets_ = 0;
    std::uint32_t category_ = 0;  ///< ndpi_protocol_category_t of the last result
    std::uint16_t master_ = 0;    ///< last result's master protocol id
    std::uint16_t app_ = 0;       ///< last result's application protocol id
    bool done_ = false;
    bool guessed_ = false;
};

}  // namespace schoolgate::classifiers::ndpi
