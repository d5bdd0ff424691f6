#include "gateway/flow/flow_key.h"

#include <boost/test/unit_test.hpp>
#include <set>

namespace schoolgate::gateway::flow {
namespace {

using classifiers::Transport;

net::IpAddress ip(const char* text) { return *net::IpAddress::parse(text); }

FlowKey key_of(const char* src, std::uint16_t src_port, const char* dst, std::uint16_t dst_port,
               std::uint16_t vlan = 0, Transport transport = Transport::Tcp) {
    bool sender_is_low = false;
    return make_flow_key(ip(src), src_port, ip(dst), dst_port, vlan, transport, sender_is_low);
}

BOOST_AUTO_TEST_SUITE(FlowKeyTest)

BOOST_AUTO_TEST_CASE(both_directions_give_the_same_canonical_key) {
    bool forward_low = false;
    bool reverse_low = true;
    const auto forward = make_flow_key(ip("198.51.100.20"), 443, ip("192.0.2.10"), 50000, 7, Transport::Tcp,
                                       forward_low);
    const auto reverse = make_flow_key(ip("192.0.2.10"), 50000, ip("198.51.100.20"), 443, 7, Transport::Tcp,
                                       reverse_low);
    BOOST_TEST((forward == reverse));
    BOOST_TEST(!forward_low);
    BOOST_TEST(reverse_low);
    BOOST_TEST(forward.low_address.to_string() == "192.0.2.10");
    BOOST_TEST(forward.low_port == 50000);
    BOOST_TEST(forward.high_address.to_string() == "198.51.100.20");
    BOOST_TEST(forward.high_port == 443);
    BOOST_TEST(forward.vlan_id == 7);
}

BOOST_AUTO_TEST_CASE(same_address_orders_by_port) {
    bool sender_is_low = false;
    const auto key = make_flow_key(ip("192.0.2.10"), 6000, ip("192.0.2.10"), 5000, 0, Transport::Udp, sender_is_low);
    BOOST_TEST(!sender_is_low);
    BOOST_TEST(key.low_port == 5000);
    BOOST_TEST(key.high_port == 6000);
}

BOOST_AUTO_TEST_CASE(hash_is_symmetric_and_keyed) {
    const auto forward = key_of("2001:db8::1", 50000, "2001:db8::2", 443);
    const auto reverse = key_of("2001:db8::2", 443, "2001:db8::1", 50000);
    BOOST_TEST(hash_flow_key(forward, 1) == hash_flow_key(reverse, 1));
    BOOST_TEST(hash_flow_key(forward, 1) != hash_flow_key(forward, 2));
}

BOOST_AUTO_TEST_CASE(every_key_field_changes_the_hash) {
    std::set<std::uint64_t> hashes;
    const FlowKey keys[] = {
        key_of("192.0.2.10", 50000, "198.51.100.20", 443),
        key_of("192.0.2.11", 50000, "198.51.100.20", 443),
        key_of("192.0.2.10", 50000, "198.51.100.21", 443),
        key_of("192.0.2.10", 50001, "198.51.100.20", 443),
        key_of("192.0.2.10", 50000, "198.51.100.20", 444),
        key_of("192.0.2.10", 50000, "198.51.100.20", 443, 1),
        key_of("192.0.2.10", 50000, "198.51.100.20", 443, 0, Transport::Udp),
        key_of("::ffff:192.0.2.10", 50000, "::ffff:198.51.100.20", 443),
    };
    for (const auto& key : keys) hashes.insert(hash_flow_key(key, 42));
    BOOST_TEST(hashes.size() == std::size(keys));
    BOOST_TEST(!(keys[0] == keys[7]));  // IPv4 and IPv4-mapped IPv6 are different flows
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::flow
