#include "gateway/capture/tcp_reset_sender.h"

#include <boost/test/unit_test.hpp>

namespace schoolgate::gateway::capture {
namespace {

std::uint32_t u32(const std::uint8_t* at) {
    return static_cast<std::uint32_t>(at[0] << 24 | at[1] << 16 | at[2] << 8 | at[3]);
}

// One's-complement sum of the bytes; a header with a correct checksum sums to 0xffff.
std::uint16_t ones_sum(const std::uint8_t* data, std::size_t length, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < length; i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

decode::PacketView client_hello() {
    static const std::uint8_t payload[517] = {};
    decode::PacketView view;
    view.src = net::IpAddress::parse("10.20.0.50").value();
    view.dst = net::IpAddress::parse("203.0.113.10").value();
    view.src_port = 51000;
    view.dst_port = 443;
    view.transport = classifiers::Transport::Tcp;
    view.tcp_flags = decode::kTcpAck;
    view.tcp_seq = 1000;
    view.tcp_ack = 77777;
    view.payload = payload;
    return view;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(TcpResetSenderTest)

BOOST_AUTO_TEST_CASE(reset_to_the_client_comes_from_the_server_at_the_acknowledged_sequence) {
    const auto reset = reset_to_sender(client_hello());
    BOOST_REQUIRE(reset.has_value());
    const auto* ip = reset->data();
    const auto* tcp = reset->data() + 20;
    BOOST_TEST((ip[12] == 203 && ip[15] == 10 && ip[16] == 10 && ip[19] == 50));
    BOOST_TEST((tcp[0] << 8 | tcp[1]) == 443);
    BOOST_TEST((tcp[2] << 8 | tcp[3]) == 51000);
    BOOST_TEST(u32(tcp + 4) == 77777u);
    BOOST_TEST(u32(tcp + 8) == 1000u + 517u);
    BOOST_TEST(tcp[13] == (decode::kTcpRst | decode::kTcpAck));
    BOOST_TEST(ones_sum(ip, 20) == 0xffff);
    std::uint8_t pseudo[12] = {ip[12], ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19], 0, 6, 0, 20};
    BOOST_TEST(ones_sum(tcp, 20, ones_sum(pseudo, 12)) == 0xffff);
}

BOOST_AUTO_TEST_CASE(reset_to_the_server_follows_the_packet_and_ipv6_is_not_reset) {
    const auto reset = reset_to_receiver(client_hello());
    BOOST_REQUIRE(reset.has_value());
    BOOST_TEST(u32(reset->data() + 24) == 1517u);
    BOOST_TEST(reset->data()[33] == decode::kTcpRst);
    auto v6 = client_hello();
    v6.src = net::IpAddress::parse("2001:db8::1").value();
    BOOST_TEST(!reset_to_sender(v6).has_value());
    auto syn = client_hello();
    syn.tcp_flags = decode::kTcpSyn;  // nothing acknowledged yet: no sequence the client would accept
    BOOST_TEST(!reset_to_sender(syn).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace schoolgate::gateway::capture
