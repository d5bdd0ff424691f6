#include "gateway/enforce/nfqueue_socket.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>

extern "C" {
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
}

namespace schoolgate::gateway::enforce {

namespace {

mnl_socket* as_socket(void* handle) noexcept { return static_cast<mnl_socket*>(handle); }

// A GSO super-packet is up to 64 KiB, plus the netlink and queue headers around it.
// Each slot starts on a 16-byte boundary: netlink's headers and attributes are read in place as structs, which
// an odd slot size (0xffff + 4096) misaligned from the second slot on (UBSan: misaligned nfqnl_msg_packet_hw).
std::size_t receive_slot_bytes() {
    constexpr std::size_t kAlign = alignof(std::max_align_t);
    const std::size_t wanted = 0xffff + static_cast<std::size_t>(MNL_SOCKET_BUFFER_SIZE / 2);
    return (wanted + kAlign - 1) / kAlign * kAlign;
}
// Room left in the send buffer below which the verdicts so far go out before the next is written.
constexpr std::size_t kVerdictMessageRoom = 128;
constexpr std::size_t kSocketReceiveBytes = 8 * 1024 * 1024;

std::string errno_text(const char* what) { return std::string{what} + ": " + std::strerror(errno); }

// Sends one configuration message and waits for the kernel's acknowledgement; fails with what the kernel said.
Result<void, std::string> send_config(mnl_socket* socket, std::vector<char>& buffer, nlmsghdr* message, const char* what) {
    using Outcome = Result<void, std::string>;
    message->nlmsg_flags |= NLM_F_ACK;
    if (mnl_socket_sendto(socket, message, message->nlmsg_len) < 0) return Outcome::failure(errno_text(what));
    const auto received = mnl_socket_recvfrom(socket, buffer.data(), buffer.size());
    if (received < 0 || mnl_cb_run(buffer.data(), static_cast<std::size_t>(received), 0, mnl_socket_get_portid(socket),
                                   nullptr, nullptr) < 0) {
        return Outcome::failure(errno_text(what));
    }
    return Outcome::success();
}

struct CallbackContext {
    const NfqueueSocket::Handler* handler;
    std::vector<std::pair<std::uint32_t, QueueVerdict>>* verdicts;
    QueueSocketCounters* counters;
};

int on_queue_message(const nlmsghdr* message, void* data) {
    auto& context = *static_cast<CallbackContext*>(data);
    std::array<nlattr*, NFQA_MAX + 1> attributes{};
    if (nfq_nlmsg_parse(message, attributes.data()) < 0 || !attributes[NFQA_PACKET_HDR]) {
        ++context.counters->malformed_messages;
        return MNL_CB_OK;  // nothing to give a verdict to; the next message may be fine
    }
    const auto* header = static_cast<const nfqnl_msg_packet_hdr*>(mnl_attr_get_payload(attributes[NFQA_PACKET_HDR]));
    const std::uint32_t id = ntohl(header->packet_id);
    QueuedPacket packet;
    if (attributes[NFQA_PAYLOAD]) {
        packet.ip_packet = {static_cast<const std::uint8_t*>(mnl_attr_get_payload(attributes[NFQA_PAYLOAD])),
                            mnl_attr_get_payload_len(attributes[NFQA_PAYLOAD])};
    }
    if (attributes[NFQA_MARK]) packet.mark = ntohl(mnl_attr_get_u32(attributes[NFQA_MARK]));
    if (attributes[NFQA_SKB_INFO]) {
        packet.checksum_not_ready = (ntohl(mnl_attr_get_u32(attributes[NFQA_SKB_INFO])) & NFQA_SKB_CSUMNOTREADY) != 0;
    }
    if (attributes[NFQA_HWADDR] && mnl_attr_get_payload_len(attributes[NFQA_HWADDR]) >= sizeof(nfqnl_msg_packet_hw)) {
        nfqnl_msg_packet_hw hw{};  // copied out: never read a struct in place from a byte buffer
        std::memcpy(&hw, mnl_attr_get_payload(attributes[NFQA_HWADDR]), sizeof hw);
        if (ntohs(hw.hw_addrlen) == 6) {
            std::array<std::uint8_t, 6> bytes{};
            std::memcpy(bytes.data(), hw.hw_addr, bytes.size());
            packet.src_mac = net::MacAddress{bytes};
        }
    }
    ++context.counters->packets;
    context.verdicts->emplace_back(id, (*context.handler)(packet));
    return MNL_CB_OK;
}

}  // namespace

Result<std::unique_ptr<NfqueueSocket>, std::string> NfqueueSocket::open(std::uint16_t number,
                                                                        std::uint32_t kernel_queue_length, bool fail_open) {
    using Out = Result<std::unique_ptr<NfqueueSocket>, std::string>;
    const std::string where = "NFQUEUE queue " + std::to_string(number) + ": ";
    mnl_socket* socket = mnl_socket_open(NETLINK_NETFILTER);
    if (!socket) return Out::failure(where + errno_text("netlink socket") + " (run as root or with CAP_NET_ADMIN)");
    if (mnl_socket_bind(socket, 0, MNL_SOCKET_AUTOPID) < 0) {
        const auto error = errno_text("bind");
        mnl_socket_close(socket);
        return Out::failure(where + error);
    }
    std::unique_ptr<NfqueueSocket> queue{new NfqueueSocket(socket, number)};
    auto& buffer = queue->receive_buffer_;

    nlmsghdr* message = nfq_nlmsg_put(buffer.data(), NFQNL_MSG_CONFIG, number);
    nfq_nlmsg_cfg_put_cmd(message, AF_INET, NFQNL_CFG_CMD_BIND);
    if (const auto bound = send_config(socket, buffer, message, "bind to the queue"); !bound.ok()) {
        return Out::failure(where + bound.error() + " (is another schoolgated, or another program, bound to this queue?)");
    }
    message = nfq_nlmsg_put(buffer.data(), NFQNL_MSG_CONFIG, number);
    nfq_nlmsg_cfg_put_params(message, NFQNL_COPY_PACKET, 0xffff);
    mnl_attr_put_u32(message, NFQA_CFG_QUEUE_MAXLEN, htonl(kernel_queue_length));
    const std::uint32_t flags = NFQA_CFG_F_GSO | (fail_open ? NFQA_CFG_F_FAIL_OPEN : 0u);
    const std::uint32_t mask = NFQA_CFG_F_GSO | NFQA_CFG_F_FAIL_OPEN;
    mnl_attr_put_u32(message, NFQA_CFG_FLAGS, htonl(flags));
    mnl_attr_put_u32(message, NFQA_CFG_MASK, htonl(mask));
    if (const auto configured = send_config(socket, buffer, message, "configure the queue"); !configured.ok()) {
        return Out::failure(where + configured.error());
    }

    // Under a burst the kernel would rather drop a queue message than block; we count those (ENOBUFS)
    // instead of treating them as a broken socket.
    // Unchecked, a failure would only show later, under load, as a socket that looks broken.
    int one = 1;
    if (mnl_socket_setsockopt(socket, NETLINK_NO_ENOBUFS, &one, sizeof one) < 0) {
        return Out::failure(where + errno_text("NETLINK_NO_ENOBUFS"));
    }
    // The buffer that rides out a burst; forcing it past net.core.rmem_max needs CAP_NET_ADMIN, which the
    // daemon keeps for the queues anyway.
    int receive_bytes = static_cast<int>(kSocketReceiveBytes);
    if (setsockopt(mnl_socket_get_fd(socket), SOL_SOCKET, SO_RCVBUFFORCE, &receive_bytes, sizeof receive_bytes) < 0) {
        return Out::failure(where + errno_text("SO_RCVBUFFORCE") + " (run as root or with CAP_NET_ADMIN)");
    }
    return Out::success(std::move(queue));
}

NfqueueSocket::NfqueueSocket(void* socket, std::uint16_t number)
    : socket_(socket), number_(number), receive_buffer_(kBatch * receive_slot_bytes()),
      send_buffer_(static_cast<std::size_t>(MNL_SOCKET_BUFFER_SIZE)) {
    port_id_ = mnl_socket_get_portid(as_socket(socket_));
}

NfqueueSocket::~NfqueueSocket() {
    // Unbinding returns anything still queued to the kernel, which drops it: callers drain() first.
    nlmsghdr* message = nfq_nlmsg_put(send_buffer_.data(), NFQNL_MSG_CONFIG, number_);
    nfq_nlmsg_cfg_put_cmd(message, AF_INET, NFQNL_CFG_CMD_UNBIND);
    mnl_socket_sendto(as_socket(socket_), message, message->nlmsg_len);
    mnl_socket_close(as_socket(socket_));
}

// The wait is the socket's receive timeout, so that one recvmmsg both waits and receives (no poll first);
// it is set again only when the caller's wait changes, which it does not in the worker's loop.
void NfqueueSocket::set_receive_timeout(std::chrono::milliseconds timeout) {
    if (timeout == receive_timeout_) return;
    const auto count = std::max<std::chrono::milliseconds::rep>(timeout.count(), 1);
    timeval value{static_cast<time_t>(count / 1000), static_cast<suseconds_t>((count % 1000) * 1000)};
    if (setsockopt(mnl_socket_get_fd(as_socket(socket_)), SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value) == 0) {
        receive_timeout_ = timeout;
    }
}

std::size_t NfqueueSocket::serve(std::chrono::milliseconds timeout, const Handler& handler) {
    set_receive_timeout(timeout);
    std::size_t handled = receive_batch(MSG_WAITFORONE, handler);
    // A full batch: more may be waiting; take it now without waiting again.
    for (std::size_t last = handled, rounds = 0; last == kBatch && rounds < 64; ++rounds) {
        last = receive_batch(MSG_DONTWAIT, handler);
        handled += last;
    }
    return handled;
}

std::size_t NfqueueSocket::drain(const Handler& handler) {
    std::size_t handled = 0;
    while (true) {
        const auto more = receive_batch(MSG_DONTWAIT, handler);
        if (more == 0) return handled;
        handled += more;
    }
}

// Takes up to kBatch queue messages in one recvmmsg (MSG_WAITFORONE: waits for the first, then takes what is
// already there), gives each packet its verdict and sends the verdicts together. Returns the messages taken.
std::size_t NfqueueSocket::receive_batch(int flags, const Handler& handler) {
    std::array<mmsghdr, kBatch> messages{};
    std::array<iovec, kBatch> slots{};
    const std::size_t slot_bytes = receive_buffer_.size() / kBatch;
    for (std::size_t i = 0; i < kBatch; ++i) {
        slots[i] = {receive_buffer_.data() + i * slot_bytes, slot_bytes};
        messages[i].msg_hdr.msg_iov = &slots[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    const int received = ::recvmmsg(mnl_socket_get_fd(as_socket(socket_)), messages.data(), kBatch, flags, nullptr);
    if (received <= 0) {
        if (received < 0 && errno == ENOBUFS) {
            ++counters_.receive_overruns;
        } else if (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            ++counters_.receive_errors;
        }
        return 0;
    }
    auto& verdicts = pending_verdicts_;
    verdicts.clear();
    CallbackContext context{&handler, &verdicts, &counters_};
    for (int i = 0; i < received; ++i) {
        if (mnl_cb_run(slots[static_cast<std::size_t>(i)].iov_base, messages[static_cast<std::size_t>(i)].msg_len, 0,
                       port_id_, on_queue_message, &context) < 0) {
            ++counters_.malformed_messages;
        }
    }
    send_verdicts();
    return static_cast<std::size_t>(received);
}

// One netlink message per verdict, as many as fit in one sendto (nfnetlink runs every message of it in turn).
void NfqueueSocket::send_verdicts() {
    std::size_t used = 0;
    std::size_t in_buffer = 0;
    const auto flush = [&] {
        if (used == 0) return;
        if (mnl_socket_sendto(as_socket(socket_), send_buffer_.data(), used) < 0) counters_.verdicts_failed += in_buffer;
        used = 0;
        in_buffer = 0;
    };
    for (const auto& [packet_id, verdict] : pending_verdicts_) {
        if (send_buffer_.size() - used < kVerdictMessageRoom) flush();
        nlmsghdr* message = nfq_nlmsg_put(send_buffer_.data() + used, NFQNL_MSG_VERDICT, number_);
        nfq_nlmsg_verdict_put(message, static_cast<int>(packet_id), verdict.accept ? NF_ACCEPT : NF_DROP);
        nfq_nlmsg_verdict_put_mark(message, verdict.mark);
        used += NLMSG_ALIGN(message->nlmsg_len);
        ++in_buffer;
    }
    flush();
}

}  // namespace schoolgate::gateway::enforce
