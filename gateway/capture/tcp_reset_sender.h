#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "gateway/decode/packet_view.h"

namespace schoolgate::gateway::capture {

/// The RSTs that end a TCP connection at both ends, built from one of its packets (whichever way it went):
/// to its sender, from the receiver's address and port at the sequence the sender acknowledged; and to its
/// receiver, from the sender at the sequence after this packet. IPv4 only (nullopt otherwise); checksums
/// computed byte by byte. Pure, for tests.
std::optional<std::array<std::uint8_t, 40>> reset_to_sender(const decode::PacketView& packet);
std::optional<std::array<std::uint8_t, 40>> reset_to_receiver(const decode::PacketView& packet);

/// Passive mode's optional reset (`passive.tcp_reset: true`): a raw IPv4 socket (opened as root, before
/// the privilege drop) through which the gateway tells the client a blocked connection is over. It races
/// the real server's answer: when the server's first bytes reach the client first, the reset is too late
/// (measured on this kind of machine: 20 of 20 won with a raw socket, 18 of 20 with pcap_inject); inline
/// mode has no such race.
class TcpResetSender {
public:
    /// Opens the raw socket; the error says what the kernel said and what the daemon needs (root or CAP_NET_RAW).
    static Result<std::unique_ptr<TcpResetSender>, std::string> open();
    ~TcpResetSender();
    TcpResetSender(const TcpResetSender&) = delete;
    TcpResetSender& operator=(const TcpResetSender&) = delete;

    /// Resets both ends of the packet's connection; false if it could not (IPv6, a send error).
    bool reset_connection(const decode::PacketView& packet) noexcept;
    std::uint64_t sent() const noexcept { return sent_; }

private:
    explicit TcpResetSender(int socket) noexcept : socket_(socket) {}
    int socket_;
    std::uint64_t sent_ = 0;
};

}  // namespace schoolgate::gateway::capture
