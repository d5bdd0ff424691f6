#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/net/mac_address.h"
#include "common/result.h"
#include "gateway/enforce/queue_verdict.h"

namespace schoolgate::gateway::enforce {

/// One packet the kernel queued to us.
struct QueuedPacket {
    std::span<const std::uint8_t> ip_packet;  ///< from the IP header; up to 64 KiB with GSO
    std::uint32_t mark = 0;                   ///< the packet's mark as it arrived
    net::MacAddress src_mac;                  ///< the sender's MAC when the kernel gives it (bridged/LAN side)
    /// NFQA_SKB_CSUMNOTREADY: the transport checksum was left for the NIC (a GSO packet the kernel built
    /// from segments it verified); the bytes cannot show whether the sender's checksum was right.
    bool checksum_not_ready = false;
};

struct QueueSocketCounters {
    std::uint64_t packets = 0;
    std::uint64_t verdicts_failed = 0;  ///< the kernel refused a verdict (the packet then waits for a timeout)
    std::uint64_t receive_errors = 0;
    std::uint64_t receive_overruns = 0;  ///< ENOBUFS: the kernel dropped queue messages our socket had no room for
    std::uint64_t malformed_messages = 0;
};

/// A bound NFQUEUE queue (libnetfilter_queue's netlink API over libmnl; the only code that includes them).
/// Copies whole packets (GSO super-packets up to 64 KiB stay whole: NFQA_CFG_F_GSO). A fail-open queue asks
/// the kernel to accept packets when the queue overflows (NFQA_CFG_F_FAIL_OPEN) rather than drop them: a
/// school is better served by an unfiltered moment, which the bypass counter reports, than by an outage. A
/// fail-closed network's queue has no such flag: what it cannot hold is dropped, as when the daemon is away.
/// Under load one wake-up costs two system calls whatever the number of packets waiting (up to kBatch):
/// recvmmsg(MSG_WAITFORONE) takes every queue message already there, and their verdicts go back together in
/// one sendto (one netlink verdict message each: NFQNL_MSG_VERDICT_BATCH would need one verdict and mark for
/// all, and each packet carries its own marks). One thread per socket.
class NfqueueSocket {
public:
    using Handler = std::function<QueueVerdict(const QueuedPacket&)>;

    /// Binds queue `number`. The error says what the kernel said and what to check (root or
    /// CAP_NET_ADMIN, another process on the queue).
    static Result<std::unique_ptr<NfqueueSocket>, std::string> open(std::uint16_t number, std::uint32_t kernel_queue_length,
                                                                     bool fail_open);
    ~NfqueueSocket();
    NfqueueSocket(const NfqueueSocket&) = delete;
    NfqueueSocket& operator=(const NfqueueSocket&) = delete;

    /// Waits up to `timeout` for queued packets and gives each its verdict; returns how many it handled.
    std::size_t serve(std::chrono::milliseconds timeout, const Handler& handler);
    /// Handles whatever is queued now without waiting (shutdown: nothing queued is left behind).
    std::size_t drain(const Handler& handler);

    std::uint16_t number() const noexcept { return number_; }
    const QueueSocketCounters& counters() const noexcept { return counters_; }

    /// Queue messages taken by one receive call at most.
    static constexpr std::size_t kBatch = 16;

private:
    NfqueueSocket(void* socket, std::uint16_t number);
    std::size_t receive_batch(int flags, const Handler& handler);
    void set_receive_timeout(std::chrono::milliseconds timeout);
    void send_verdicts();

    void* socket_;  ///< struct mnl_socket*, opaque so only the .cc includes libmnl
    std::uint16_t number_;
    std::uint32_t port_id_ = 0;
    std::chrono::milliseconds receive_timeout_{-1};  ///< the SO_RCVTIMEO set now; -1: none yet
    std::vector<char> receive_buffer_;  ///< kBatch slots, one queue message each
    std::vector<char> send_buffer_;
    std::vector<std::pair<std::uint32_t, QueueVerdict>> pending_verdicts_;  ///< reused: no allocation per batch
    QueueSocketCounters counters_;
};

}  // namespace schoolgate::gateway::enforce
