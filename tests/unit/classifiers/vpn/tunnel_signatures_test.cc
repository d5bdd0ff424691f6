#include "classifiers/vpn/tunnel_signatures.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "support/classifier_test_text.h"

namespace {

using namespace schoolgate::classifiers;
using schoolgate::test::Bytes;
using schoolgate::test::status_name;

constexpr Direction kClient = Direction::ClientToServer;
constexpr Direction kServer = Direction::ServerToClient;

struct Worker {
    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
};

Bytes filled(std::size_t size, std::uint8_t value) { return Bytes(size, value); }

// P_CONTROL_HARD_RESET_CLIENT_V2, key id 0, a session id, an empty ack array and packet id 0 (14 bytes),
// as `openvpn --proto udp` without tls-auth sends it.
Bytes openvpn_client_reset(std::uint8_t opcode = 7, std::size_t size = 14) {
    Bytes packet(size, 0);
    packet[0] = static_cast<std::uint8_t>(opcode << 3);
    for (std::size_t i = 1; i <= 8; ++i) packet[i] = static_cast<std::uint8_t>(0xa0 + i);
    return packet;
}

Bytes openvpn_server_reset() {
    Bytes packet = openvpn_client_reset(8, 26);
    return packet;
}

Bytes framed(const Bytes& packet) {
    Bytes out{static_cast<std::uint8_t>(packet.size() >> 8), static_cast<std::uint8_t>(packet.size() & 0xff)};
    out.insert(out.end(), packet.begin(), packet.end());
    return out;
}

Bytes wireguard_initiation() {
    Bytes packet(148, 0x5a);
    packet[0] = 1;
    packet[1] = packet[2] = packet[3] = 0;
    packet[4] = 0x11, packet[5] = 0x22, packet[6] = 0x33, packet[7] = 0x44;  // sender index
    return packet;
}

Bytes wireguard_response(std::uint8_t echoed_first_index_byte = 0x11) {
    Bytes packet(92, 0x6b);
    packet[0] = 2;
    packet[1] = packet[2] = packet[3] = 0;
    packet[8] = echoed_first_index_byte, packet[9] = 0x22, packet[10] = 0x33, packet[11] = 0x44;
    return packet;
}

Bytes ike_header(std::uint8_t version, std::uint8_t exchange, bool responder_spi, std::size_t total = 28) {
    Bytes packet(total, 0);
    for (std::size_t i = 0; i < 8; ++i) packet[i] = static_cast<std::uint8_t>(0x10 + i);
    if (responder_spi) {
        for (std::size_t i = 8; i < 16; ++i) packet[i] = static_cast<std::uint8_t>(0x70 + i);
    }
    packet[16] = 33;  // next payload: SA
    packet[17] = version;
    packet[18] = exchange;
    packet[24] = static_cast<std::uint8_t>(total >> 24);
    packet[25] = static_cast<std::uint8_t>(total >> 16);
    packet[26] = static_cast<std::uint8_t>(total >> 8);
    packet[27] = static_cast<std::uint8_t>(total);
    return packet;
}

Bytes l2tp_control(std::uint16_t message_type) {
    Bytes packet{0xc8, 0x02, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                 0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, static_cast<std::uint8_t>(message_type)};
    return packet;
}

Bytes pptp_control(std::uint16_t control_type) {
    Bytes packet(156, 0);
    packet[0] = 0, packet[1] = 156;
    packet[2] = 0, packet[3] = 1;
    packet[4] = 0x1a, packet[5] = 0x2b, packet[6] = 0x3c, packet[7] = 0x4d;
    packet[8] = 0, packet[9] = static_cast<std::uint8_t>(control_type);
    return packet;
}

std::string technique_of(const Observations& observations) {
    return observations.techniques.empty() ? "" : std::string{technique_name(observations.techniques.front().technique)};
}
std::string confidence_of(const Observations& observations) {
    return observations.techniques.empty() ? "" : std::string{confidence_name(observations.techniques.front().confidence)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(TunnelSignaturesTest)

BOOST_AUTO_TEST_CASE(openvpn_udp_reset_then_server_reset_is_high_confidence) {
    Worker worker;
    FlowInspector flow{Transport::Udp, 1194};
    BOOST_TEST(status_name(flow.on_udp_datagram(kClient, openvpn_client_reset(), worker.context)) == "NeedMore");
    BOOST_TEST(flow.classifier_name() == "openvpn");
    BOOST_TEST(technique_of(flow.observations()) == "vpn.openvpn");
    BOOST_TEST(confidence_of(flow.observations()) == "medium");
    BOOST_TEST(status_name(flow.on_udp_datagram(kServer, openvpn_server_reset(), worker.context)) == "Done");
    BOOST_TEST(confidence_of(flow.observations()) == "high");
    BOOST_TEST(flow.observations().techniques.front().evidence.find("P_CONTROL_HARD_RESET_CLIENT_V2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(openvpn_tls_crypt_v2_reset_on_any_port) {
    Worker worker;
    FlowInspector flow{Transport::Udp, 443};
    flow.on_udp_datagram(kClient, openvpn_client_reset(10, 300), worker.context);
    BOOST_TEST(flow.classifier_name() == "openvpn");
    BOOST_TEST(flow.observations().techniques.front().evidence.find("tls-crypt-v2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(openvpn_tcp_framing) {
    Worker worker;
    FlowInspector flow{Transport::Tcp, 443};
    flow.on_tcp_syn(kClient, 100);
    flow.on_tcp_syn(kServer, 5000);
    flow.on_tcp_segment(kClient, 101, framed(openvpn_client_reset()), worker.context);
    BOOST_TEST(flow.classifier_name() == "openvpn");
    BOOST_TEST(technique_of(flow.observations()) == "vpn.openvpn");
    BOOST_TEST(status_name(flow.on_tcp_segment(kServer, 5001, framed(openvpn_server_reset()), worker.context)) == "Done");
    BOOST_TEST(confidence_of(flow.observations()) == "high");
}

BOOST_AUTO_TEST_CASE(openvpn_lookalikes_are_refused) {
    BOOST_TEST(!vpn::looks_like_openvpn_udp(openvpn_client_reset(7, 13)));       // too short
    BOOST_TEST(!vpn::looks_like_openvpn_udp(openvpn_client_reset(4)));           // P_CONTROL_V1 mid-session
    BOOST_TEST(!vpn::looks_like_openvpn_udp(openvpn_client_reset(1, 27)));       // V1: an LLMNR query looked like it
    Bytes key_id_one = openvpn_client_reset();
    key_id_one[0] |= 1;
    BOOST_TEST(!vpn::looks_like_openvpn_udp(key_id_one));
    Bytes zero_session(14, 0);
    zero_session[0] = 7 << 3;
    BOOST_TEST(!vpn::looks_like_openvpn_udp(zero_session));
    BOOST_TEST(!vpn::looks_like_openvpn_tcp(Bytes{0x00, 0x05, 0x38}));             // length below any reset
    BOOST_TEST(!vpn::looks_like_openvpn_tcp(Bytes{0x00, 0x0e}));                   // not enough to judge
}

BOOST_AUTO_TEST_CASE(wireguard_initiation_and_matching_response) {
    Worker worker;
    FlowInspector flow{Transport::Udp, 51820};
    flow.on_udp_datagram(kClient, wireguard_initiation(), worker.context);
    BOOST_TEST(flow.classifier_name() == "wireguard");
    BOOST_TEST(confidence_of(flow.observations()) == "medium");
    // A response for some other initiator does not confirm this one.
    flow.on_udp_datagram(kServer, wireguard_response(0x99), worker.context);
    BOOST_TEST(confidence_of(flow.observations()) == "medium");
    BOOST_TEST(status_name(flow.on_udp_datagram(kServer, wireguard_response(), worker.context)) == "Done");
    BOOST_TEST(confidence_of(flow.observations()) == "high");
    BOOST_TEST(!vpn::looks_like_wireguard(filled(147, 1)));
}

BOOST_AUTO_TEST_CASE(ike_v2_sa_init_on_500_and_behind_the_non_esp_marker) {
    Worker worker;
    FlowInspector flow{Transport::Udp, 500};
    flow.on_udp_datagram(kClient, ike_header(0x20, 34, false), worker.context);
    BOOST_TEST(flow.classifier_name() == "ike");
    BOOST_TEST(technique_of(flow.observations()) == "vpn.ipsec");
    BOOST_TEST(status_name(flow.on_udp_datagram(kServer, ike_header(0x20, 34, true), worker.context)) == "Done");
    BOOST_TEST(confidence_of(flow.observations()) == "high");

    Bytes natt{0, 0, 0, 0};
    const auto header = ike_header(0x10, 2, false);
    natt.insert(natt.end(), header.begin(), header.end());
    BOOST_TEST(vpn::looks_like_ike(natt));
    BOOST_TEST(!vpn::looks_like_ike(ike_header(0x20, 34, true)));   // a responder's message does not open
    Bytes wrong_length = ike_header(0x20, 34, false, 40);
    wrong_length.resize(36);
    BOOST_TEST(!vpn::looks_like_ike(wrong_length));
    BOOST_TEST(!vpn::looks_like_ike(ike_header(0x20, 37, false)));  // INFORMATIONAL does not open a session
}

BOOST_AUTO_TEST_CASE(l2tp_sccrq_and_pptp_start_request) {
    BOOST_TEST(vpn::looks_like_l2tp(l2tp_control(1)));
    BOOST_TEST(!vpn::looks_like_l2tp(l2tp_control(2)));
    Bytes wrong_length = l2tp_control(1);
    wrong_length[3] = 0x30;
    BOOST_TEST(!vpn::looks_like_l2tp(wrong_length));
    BOOST_TEST(vpn::looks_like_pptp(pptp_control(1)));
    Bytes no_cookie = pptp_control(1);
    no_cookie[7] = 0;
    BOOST_TEST(!vpn::looks_like_pptp(no_cookie));
    // Only the first 9 bytes: the cookie is there but the control type is not yet.
    const Bytes whole = pptp_control(1);
    BOOST_TEST(!vpn::looks_like_pptp(Bytes(whole.begin(), whole.begin() + 9)));

    Worker worker;
    FlowInspector flow{Transport::Tcp, 1723};
    flow.on_tcp_syn(kClient, 1);
    flow.on_tcp_syn(kServer, 9);
    flow.on_tcp_segment(kClient, 2, pptp_control(1), worker.context);
    BOOST_TEST(flow.classifier_name() == "pptp");
    BOOST_TEST(status_name(flow.on_tcp_segment(kServer, 10, pptp_control(2), worker.context)) == "Done");
    BOOST_TEST(confidence_of(flow.observations()) == "high");
}

BOOST_AUTO_TEST_CASE(every_prefix_of_every_opening_is_safe) {
    const std::vector<Bytes> openings{openvpn_client_reset(), framed(openvpn_client_reset()), wireguard_initiation(),
                                      ike_header(0x20, 34, false), l2tp_control(1), pptp_control(1)};
    for (const auto& opening : openings) {
        for (std::size_t n = 0; n <= opening.size(); ++n) {
            const std::span<const std::uint8_t> prefix{opening.data(), n};
            (void)vpn::looks_like_openvpn_udp(prefix);
            (void)vpn::looks_like_openvpn_tcp(prefix);
            (void)vpn::looks_like_wireguard(prefix);
            (void)vpn::looks_like_ike(prefix);
            (void)vpn::looks_like_l2tp(prefix);
            (void)vpn::looks_like_pptp(prefix);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
