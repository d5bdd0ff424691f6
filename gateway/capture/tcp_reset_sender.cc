#include "gateway/capture/tcp_reset_sender.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>

namespace schoolgate::gateway::capture {

namespace {

void put_u16(std::uint8_t* at, std::uint32_t value) {
    at[0] = static_cast<std::uint8_t>(value >> 8);
    at[1] = static_cast<std::uint8_t>(value);
}

void put_u32(std::uint8_t* at, std::uint32_t value) {
    put_u16(at, value >> 16);
    put_u16(at + 2, value & 0xffff);
}

std::uint32_t sum16(const std::uint8_t* data, std::size_t length, std::uint32_t sum) {
    for (std::size_t i = 0; i + 1 < length; i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    if (length & 1) sum += static_cast<std::uint32_t>(data[length - 1]) << 8;
    return sum;
}

std::uint16_t fold(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

}  // namespace

namespace {

std::array<std::uint8_t, 40> reset_packet(std::span<const std::uint8_t> from, std::span<const std::uint8_t> to,
                                          std::uint16_t from_port, std::uint16_t to_port, std::uint32_t seq,
                                          std::optional<std::uint32_t> ack) {
    std::array<std::uint8_t, 40> packet{};
    std::uint8_t* ip = packet.data();
    std::uint8_t* tcp = packet.data() + 20;
    ip[0] = 0x45;
    put_u16(ip + 2, 40);
    ip[6] = 0x40;  // don't fragment
    ip[8] = 64;
    ip[9] = 6;
    std::memcpy(ip + 12, from.data(), 4);
    std::memcpy(ip + 16, to.data(), 4);
    put_u16(ip + 10, fold(sum16(ip, 20, 0)));
    put_u16(tcp, from_port);
    put_u16(tcp + 2, to_port);
    put_u32(tcp + 4, seq);
    if (ack) put_u32(tcp + 8, *ack);
    tcp[12] = 5 << 4;
    tcp[13] = static_cast<std::uint8_t>(decode::kTcpRst | (ack ? decode::kTcpAck : 0));
    std::array<std::uint8_t, 12> pseudo{};
    std::memcpy(pseudo.data(), from.data(), 4);
    std::memcpy(pseudo.data() + 4, to.data(), 4);
    pseudo[9] = 6;
    pseudo[11] = 20;
    put_u16(tcp + 16, fold(sum16(tcp, 20, sum16(pseudo.data(), pseudo.size(), 0))));
    return packet;
}

bool is_tcp_v4(const decode::PacketView& packet) {
    return packet.src.is_v4() && packet.dst.is_v4() && packet.transport == classifiers::Transport::Tcp;
}

std::uint32_t next_sequence(const decode::PacketView& packet) {
    return packet.tcp_seq + static_cast<std::uint32_t>(packet.payload.size()) +
           ((packet.tcp_flags & (decode::kTcpSyn | decode::kTcpFin)) ? 1u : 0u);
}

}  // namespace

std::optional<std::array<std::uint8_t, 40>> reset_to_sender(const decode::PacketView& packet) {
    if (!is_tcp_v4(packet) || !(packet.tcp_flags & decode::kTcpAck)) return std::nullopt;
    return reset_packet(packet.dst.bytes(), packet.src.bytes(), packet.dst_port, packet.src_port, packet.tcp_ack,
                        next_sequence(packet));
}

std::optional<std::array<std::uint8_t, 40>> reset_to_receiver(const decode::PacketView& packet) {
    if (!is_tcp_v4(packet)) return std::nullopt;
    return reset_packet(packet.src.bytes(), packet.dst.bytes(), packet.src_port, packet.dst_port, next_sequence(packet),
                        std::nullopt);
}

Result<std::unique_ptr<TcpResetSender>, std::string> TcpResetSender::open() {
    using Out = Result<std::unique_ptr<TcpResetSender>, std::string>;
    const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);  // IPPROTO_RAW: we write the IP header
    if (fd < 0) {
        return Out::failure(std::string{"raw socket for TCP resets: "} + std::strerror(errno) + " (needs root or CAP_NET_RAW)");
    }
    return Out::success(std::unique_ptr<TcpResetSender>{new TcpResetSender(fd)});
}

TcpResetSender::~TcpResetSender() { ::close(socket_); }

bool TcpResetSender::reset_connection(const decode::PacketView& packet) noexcept {
    bool sent_any = false;
    for (const auto& reset : {reset_to_sender(packet), reset_to_receiver(packet)}) {
        if (!reset) continue;
        sockaddr_in to{};
        to.sin_family = AF_INET;
        std::memcpy(&to.sin_addr, reset->data() + 16, 4);
        if (::sendto(socket_, reset->data(), reset->size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) >= 0) {
            ++sent_;
            sent_any = true;
        }
    }
    return sent_any;
}

}  // namespace schoolgate::gateway::capture
