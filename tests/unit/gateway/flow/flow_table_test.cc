#include "gateway/flow/flow_table.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <map>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace schoolgate::gateway::flow {
namespace {

namespace data = boost::unit_test::data;
using classifiers::Direction;
using classifiers::Transport;
using decode::PacketView;

constexpr std::uint64_t kSecond = 1'000'000;

net::IpAddress ip(const char* text) { return *net::IpAddress::parse(text); }

PacketView packet(const char* src, std::uint16_t src_port, const char* dst, std::uint16_t dst_port,
                  std::uint64_t at_us, Transport transport = Transport::Tcp, std::uint8_t flags = decode::kTcpAck,
                  std::uint16_t vlan = 0) {
    PacketView view;
    view.ts = WallTime{std::chrono::microseconds{at_us}};
    view.src = ip(src);
    view.dst = ip(dst);
    view.src_port = src_port;
    view.dst_port = dst_port;
    view.transport = transport;
    view.tcp_flags = transport == Transport::Tcp ? flags : 0;
    view.vlan_id = vlan;
    return view;
}

const char* direction_name(Direction direction) {
    return direction == Direction::ClientToServer ? "client_to_server" : "server_to_client";
}

const char* reason_name(FlowEndReason reason) {
    switch (reason) {
        case FlowEndReason::IdleTimeout: return "idle_timeout";
        case FlowEndReason::Evicted: return "evicted";
        case FlowEndReason::ClientShare: return "client_share";
        case FlowEndReason::Shutdown: return "shutdown";
    }
    return "?";
}

/// Records every flow the table ends: its id, client endpoint and reason.
struct EndLog {
    struct Ended {
        std::uint64_t id;
        std::string client;
        std::string reason;
    };
    std::vector<Ended> ended;

    FlowTable::EndHandler handler() {
        return [this](FlowEntry& flow, FlowEndReason reason) {
            ended.push_back({flow.id, flow.client_address().to_string() + ":" + std::to_string(flow.client_port()),
                             reason_name(reason)});
        };
    }
};

FlowTableConfig small_config(std::uint32_t capacity = 16) {
    FlowTableConfig config;
    config.capacity = capacity;
    config.tcp_idle_timeout_us = 50 * kSecond;
    config.udp_idle_timeout_us = 10 * kSecond;
    config.hash_seed = 0x5eed;
    return config;
}

std::string client_of(const FlowEntry& flow) {
    return flow.client_address().to_string() + ":" + std::to_string(flow.client_port());
}

BOOST_AUTO_TEST_SUITE(FlowTableTest)

BOOST_AUTO_TEST_CASE(both_directions_map_to_one_entry) {
    EndLog log;
    FlowTable table{small_config(), log.handler()};
    const auto out = table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 1 * kSecond,
                                        Transport::Tcp, decode::kTcpSyn));
    const auto back = table.track(packet("198.51.100.20", 443, "192.0.2.10", 50000, 2 * kSecond,
                                         Transport::Tcp, decode::kTcpSyn | decode::kTcpAck));
    BOOST_TEST(out.created);
    BOOST_TEST(!back.created);
    BOOST_TEST(out.flow == back.flow);
    BOOST_TEST(table.size() == 1u);
    BOOST_TEST(table.counters().created == 1u);
    BOOST_TEST(back.flow->packets == 2u);
    BOOST_TEST(back.flow->first_seen_us == 1 * kSecond);
    BOOST_TEST(back.flow->last_seen_us == 2 * kSecond);
}

struct OpenerCase {
    const char* name;
    const char* src;
    std::uint16_t src_port;
    const char* dst;
    std::uint16_t dst_port;
    std::uint8_t flags;
    Transport transport;
    const char* expected_client;
    const char* expected_direction;  ///< of the first packet
};
std::ostream& operator<<(std::ostream& out, const OpenerCase& c) { return out << c.name; }

const std::vector<OpenerCase> kOpenerCases = {
    {"syn_sender_is_client_low_side", "192.0.2.10", 50000, "198.51.100.20", 443, decode::kTcpSyn, Transport::Tcp,
     "192.0.2.10:50000", "client_to_server"},
    {"syn_sender_is_client_high_side", "198.51.100.20", 50000, "192.0.2.10", 443, decode::kTcpSyn, Transport::Tcp,
     "198.51.100.20:50000", "client_to_server"},
    {"syn_sender_with_low_port_is_still_client", "192.0.2.10", 22, "198.51.100.20", 50000, decode::kTcpSyn,
     Transport::Tcp, "192.0.2.10:22", "client_to_server"},
    {"syn_ack_first_receiver_is_client", "198.51.100.20", 443, "192.0.2.10", 50000,
     decode::kTcpSyn | decode::kTcpAck, Transport::Tcp, "192.0.2.10:50000", "server_to_client"},
    {"syn_ack_first_from_high_port", "192.0.2.10", 8443, "198.51.100.20", 1025, decode::kTcpSyn | decode::kTcpAck,
     Transport::Tcp, "198.51.100.20:1025", "server_to_client"},
    {"mid_stream_from_443_client_is_50000_side", "198.51.100.20", 443, "192.0.2.10", 50000, decode::kTcpAck,
     Transport::Tcp, "192.0.2.10:50000", "server_to_client"},
    {"mid_stream_to_443_client_is_sender", "192.0.2.10", 50000, "198.51.100.20", 443, decode::kTcpAck,
     Transport::Tcp, "192.0.2.10:50000", "client_to_server"},
    {"udp_answer_first_client_is_ephemeral_side", "192.0.2.53", 53, "192.0.2.10", 53000, 0, Transport::Udp,
     "192.0.2.10:53000", "server_to_client"},
    {"udp_query_first", "192.0.2.10", 53000, "192.0.2.53", 53, 0, Transport::Udp, "192.0.2.10:53000",
     "client_to_server"},
    {"both_ephemeral_sender_is_client", "198.51.100.20", 40000, "192.0.2.10", 50000, decode::kTcpAck,
     Transport::Tcp, "198.51.100.20:40000", "client_to_server"},
    {"ipv6_syn", "2001:db8::20", 50000, "2001:db8::10", 443, decode::kTcpSyn, Transport::Tcp,
     "[2001:db8::20]:50000", "client_to_server"},
};

BOOST_DATA_TEST_CASE(the_side_that_opened_the_flow_is_the_client, data::make(kOpenerCases), c) {
    FlowTable table{small_config(), nullptr};
    const auto first = table.track(packet(c.src, c.src_port, c.dst, c.dst_port, kSecond, c.transport, c.flags));
    std::string client = client_of(*first.flow);
    if (!first.flow->client_address().is_v4()) {
        client = "[" + first.flow->client_address().to_string() + "]:" + std::to_string(first.flow->client_port());
    }
    BOOST_TEST(client == c.expected_client);
    BOOST_TEST(direction_name(first.direction) == std::string{c.expected_direction});

    // The reply goes the other way, and the client does not change when the other side sends.
    const auto reply = table.track(packet(c.dst, c.dst_port, c.src, c.src_port, 2 * kSecond, c.transport,
                                          decode::kTcpSyn | decode::kTcpAck));
    BOOST_TEST(reply.flow == first.flow);
    BOOST_TEST((reply.direction != first.direction));
    BOOST_TEST(first.flow->client_address().to_string() + std::to_string(first.flow->client_port()) !=
               first.flow->server_address().to_string() + std::to_string(first.flow->server_port()));
}

BOOST_AUTO_TEST_CASE(direction_is_reported_per_packet) {
    FlowTable table{small_config(), nullptr};
    const char* client = "192.0.2.10";
    const char* server = "198.51.100.20";
    std::vector<std::string> directions;
    auto send = [&](bool from_client, std::uint8_t flags, std::uint64_t at) {
        const auto hit = from_client ? table.track(packet(client, 50000, server, 443, at, Transport::Tcp, flags))
                                     : table.track(packet(server, 443, client, 50000, at, Transport::Tcp, flags));
        directions.push_back(direction_name(hit.direction));
    };
    send(true, decode::kTcpSyn, 1);
    send(false, decode::kTcpSyn | decode::kTcpAck, 2);
    send(true, decode::kTcpAck, 3);
    send(true, decode::kTcpAck | 0x08, 4);
    send(false, decode::kTcpAck, 5);
    send(false, decode::kTcpFin | decode::kTcpAck, 6);
    const std::vector<std::string> expected{"client_to_server", "server_to_client", "client_to_server",
                                            "client_to_server", "server_to_client", "server_to_client"};
    BOOST_TEST(directions == expected, boost::test_tools::per_element());
    BOOST_TEST(table.size() == 1u);
}

BOOST_AUTO_TEST_CASE(different_vlans_transports_and_ports_are_different_flows) {
    FlowTable table{small_config(), nullptr};
    const auto vlan10 = table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 1, Transport::Tcp,
                                           decode::kTcpSyn, 10));
    const auto vlan20 = table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 2, Transport::Tcp,
                                           decode::kTcpSyn, 20));
    const auto untagged = table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 3));
    const auto udp = table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 4, Transport::Udp));
    const auto other_port = table.track(packet("192.0.2.10", 50001, "198.51.100.20", 443, 5));
    for (const auto& hit : {vlan10, vlan20, untagged, udp, other_port}) BOOST_TEST(hit.created);
    BOOST_TEST(table.size() == 5u);
    BOOST_TEST(vlan10.flow->key.vlan_id == 10);
    BOOST_TEST(vlan20.flow->key.vlan_id == 20);
    BOOST_TEST(vlan20.flow->id != vlan10.flow->id);
    // The reply on VLAN 20 finds the VLAN 20 flow.
    const auto reply = table.track(packet("198.51.100.20", 443, "192.0.2.10", 50000, 6, Transport::Tcp,
                                          decode::kTcpAck, 20));
    BOOST_TEST(!reply.created);
    BOOST_TEST(reply.flow->id == vlan20.flow->id);
}

BOOST_AUTO_TEST_CASE(ids_are_unique_in_creation_order) {
    FlowTable table{small_config(), nullptr};
    std::uint64_t previous = 0;
    for (std::uint16_t port = 1; port <= 10; ++port) {
        const auto hit = table.track(packet("192.0.2.10", static_cast<std::uint16_t>(40000 + port), "198.51.100.20",
                                            443, port));
        BOOST_TEST(hit.flow->id > previous);
        previous = hit.flow->id;
    }
}

BOOST_AUTO_TEST_CASE(idle_expiry_uses_each_transports_timeout_on_packet_time) {
    EndLog log;
    FlowTable table{small_config(), log.handler()};
    table.track(packet("192.0.2.10", 53000, "192.0.2.53", 53, 0, Transport::Udp));
    table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 0, Transport::Tcp, decode::kTcpSyn));

    table.expire_idle(10 * kSecond - 1);  // UDP idle just under 10 s
    BOOST_TEST(log.ended.empty());
    table.expire_idle(10 * kSecond + 1);
    BOOST_TEST_REQUIRE(log.ended.size() == 1u);
    BOOST_TEST(log.ended[0].client == "192.0.2.10:53000");
    BOOST_TEST(log.ended[0].reason == "idle_timeout");
    BOOST_TEST(table.size() == 1u);

    table.expire_idle(50 * kSecond - 1);  // TCP idle just under 50 s
    BOOST_TEST(log.ended.size() == 1u);
    table.expire_idle(50 * kSecond + 1);
    BOOST_TEST_REQUIRE(log.ended.size() == 2u);
    BOOST_TEST(log.ended[1].client == "192.0.2.10:50000");
    BOOST_TEST(log.ended[1].reason == "idle_timeout");
    BOOST_TEST(table.size() == 0u);
    BOOST_TEST(table.counters().expired == 2u);
    BOOST_TEST(table.counters().evicted == 0u);
}

BOOST_AUTO_TEST_CASE(default_timeouts_are_60_seconds_udp_and_300_seconds_tcp) {
    EndLog log;
    FlowTableConfig config;
    config.capacity = 8;
    FlowTable table{config, log.handler()};
    table.track(packet("192.0.2.10", 53000, "192.0.2.53", 53, 0, Transport::Udp));
    table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 0, Transport::Tcp, decode::kTcpSyn));
    table.expire_idle(59 * kSecond);
    BOOST_TEST(log.ended.empty());
    table.expire_idle(61 * kSecond);
    BOOST_TEST(log.ended.size() == 1u);
    table.expire_idle(299 * kSecond);
    BOOST_TEST(log.ended.size() == 1u);
    table.expire_idle(301 * kSecond);
    BOOST_TEST(log.ended.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_packet_in_either_direction_keeps_a_flow_alive) {
    EndLog log;
    FlowTable table{small_config(), log.handler()};
    table.track(packet("192.0.2.10", 53000, "192.0.2.53", 53, 0, Transport::Udp));
    table.track(packet("192.0.2.53", 53, "192.0.2.10", 53000, 8 * kSecond, Transport::Udp));
    table.expire_idle(15 * kSecond);
    BOOST_TEST(log.ended.empty());
    table.expire_idle(18 * kSecond + 1);
    BOOST_TEST(log.ended.size() == 1u);
}

BOOST_AUTO_TEST_CASE(out_of_order_timestamps_never_move_a_flow_back_in_time) {
    EndLog log;
    FlowTable table{small_config(), log.handler()};
    const auto hit = table.track(packet("192.0.2.10", 53000, "192.0.2.53", 53, 8 * kSecond, Transport::Udp));
    table.track(packet("192.0.2.53", 53, "192.0.2.10", 53000, 7 * kSecond, Transport::Udp));
    BOOST_TEST(hit.flow->last_seen_us == 8 * kSecond);
    table.expire_idle(17 * kSecond);
    BOOST_TEST(log.ended.empty());
}

BOOST_AUTO_TEST_CASE(full_table_evicts_the_longest_idle_flow) {
    constexpr std::uint32_t kCapacity = 4;
    EndLog log;
    FlowTable table{small_config(kCapacity), log.handler()};
    std::vector<std::uint64_t> ids;
    for (std::uint16_t i = 0; i < kCapacity; ++i) {
        ids.push_back(table.track(packet("192.0.2.10", static_cast<std::uint16_t>(50000 + i), "198.51.100.20", 443,
                                         (i + 1) * kSecond, Transport::Tcp, decode::kTcpSyn))
                          .flow->id);
    }
    // Touch the oldest: the next-oldest (port 50001) becomes the longest idle.
    table.track(packet("198.51.100.20", 443, "192.0.2.10", 50000, 10 * kSecond));
    BOOST_TEST(log.ended.empty());

    const auto newcomer = table.track(packet("192.0.2.10", 60000, "198.51.100.20", 443, 11 * kSecond,
                                             Transport::Tcp, decode::kTcpSyn));
    BOOST_TEST(newcomer.created);
    BOOST_TEST_REQUIRE(log.ended.size() == 1u);
    BOOST_TEST(log.ended[0].id == ids[1]);
    BOOST_TEST(log.ended[0].client == "192.0.2.10:50001");
    BOOST_TEST(log.ended[0].reason == "evicted");
    BOOST_TEST(table.counters().evicted == 1u);
    BOOST_TEST(table.counters().expired == 0u);
    BOOST_TEST(table.size() == kCapacity);
    BOOST_TEST(table.capacity() == kCapacity);

    // The touched flow and the others are still there.
    for (const std::uint16_t port : std::vector<std::uint16_t>{50000, 50002, 50003, 60000}) {
        const auto hit = table.track(packet("192.0.2.10", port, "198.51.100.20", 443, 12 * kSecond));
        BOOST_TEST(!hit.created, "port " << port);
    }
    BOOST_TEST(log.ended.size() == 1u);
}

BOOST_AUTO_TEST_CASE(eviction_compares_idle_time_across_transports) {
    for (const bool udp_is_older : {true, false}) {
        EndLog log;
        FlowTable table{small_config(2), log.handler()};
        table.track(packet("192.0.2.10", 53000, "192.0.2.53", 53, udp_is_older ? 1 : 2, Transport::Udp));
        table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, udp_is_older ? 2 : 1));
        table.track(packet("192.0.2.10", 50001, "198.51.100.20", 443, 3));
        BOOST_TEST_REQUIRE(log.ended.size() == 1u);
        BOOST_TEST(log.ended[0].client == (udp_is_older ? "192.0.2.10:53000" : "192.0.2.10:50000"));
    }
}

BOOST_AUTO_TEST_CASE(capacity_one_table_replaces_its_only_flow) {
    EndLog log;
    FlowTable table{small_config(1), log.handler()};
    const auto first = table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 1));
    const auto first_id = first.flow->id;
    const auto second = table.track(packet("192.0.2.10", 50001, "198.51.100.20", 443, 2));
    BOOST_TEST(second.created);
    BOOST_TEST(second.flow->id != first_id);
    BOOST_TEST(second.flow->packets == 1u);
    BOOST_TEST_REQUIRE(log.ended.size() == 1u);
    BOOST_TEST(log.ended[0].id == first_id);
    BOOST_TEST(table.size() == 1u);
}

BOOST_AUTO_TEST_CASE(end_all_ends_every_flow_oldest_first) {
    EndLog log;
    FlowTable table{small_config(), log.handler()};
    table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 1));
    table.track(packet("192.0.2.10", 53000, "192.0.2.53", 53, 2, Transport::Udp));
    table.track(packet("192.0.2.10", 50001, "198.51.100.20", 443, 3));
    table.track(packet("192.0.2.10", 53001, "192.0.2.53", 53, 4, Transport::Udp));
    table.track(packet("198.51.100.20", 443, "192.0.2.10", 50000, 5));  // now the most recent
    table.end_all();
    BOOST_TEST(table.size() == 0u);
    std::vector<std::string> order;
    for (const auto& ended : log.ended) {
        order.push_back(ended.client);
        BOOST_TEST(ended.reason == "shutdown");
    }
    const std::vector<std::string> expected{"192.0.2.10:53000", "192.0.2.10:50001", "192.0.2.10:53001",
                                            "192.0.2.10:50000"};
    BOOST_TEST(order == expected, boost::test_tools::per_element());
    // A table ended whole is usable again.
    BOOST_TEST(table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 6)).created);
}

BOOST_AUTO_TEST_CASE(a_slot_reused_after_expiry_starts_clean) {
    FlowTable table{small_config(1), nullptr};
    auto first = table.track(packet("192.0.2.10", 50000, "198.51.100.20", 443, 0));
    first.flow->stage = FlowStage::Settled;
    first.flow->decided = true;
    first.flow->inspected_packets = 7;
    table.expire_idle(100 * kSecond);
    BOOST_TEST(table.size() == 0u);
    const auto second = table.track(packet("192.0.2.10", 50001, "198.51.100.20", 443, 101 * kSecond));
    BOOST_TEST((second.flow->stage == FlowStage::Inspecting));
    BOOST_TEST(!second.flow->decided);
    BOOST_TEST(second.flow->inspected_packets == 0u);
    BOOST_TEST(second.flow->packets == 1u);
    BOOST_TEST(second.flow->first_seen_us == 101 * kSecond);
}

// ---------------------------------------------------------------------------------------------------------
// Churn: many more flows than slots, ended by expiry and eviction in every order, so that backward-shift
// deletion moves index cells across probe chains (and around the end of the index).

struct ChurnCase {
    std::uint32_t capacity;
    std::uint64_t seed;
};
std::ostream& operator<<(std::ostream& out, const ChurnCase& c) {
    return out << "capacity " << c.capacity << " seed " << c.seed;
}

const std::vector<ChurnCase> kChurnCases = {{1000, 1}, {1000, 2024}, {13, 7}, {1, 3}};

BOOST_DATA_TEST_CASE(churn_keeps_every_live_flow_findable, data::make(kChurnCases), c) {
    constexpr std::size_t kFlows = 100'000;
    FlowTableConfig config = small_config(c.capacity);
    config.udp_idle_timeout_us = 700'000;   // ~700 live UDP flows at one new flow per millisecond
    config.tcp_idle_timeout_us = 2'000'000;  // more TCP than fits: eviction too
    config.hash_seed = c.seed * 0x9e3779b97f4a7c15ULL;

    std::map<std::uint64_t, PacketView> live;  // by flow id: a packet of each flow the table holds
    FlowTable table{config, [&](FlowEntry& flow, FlowEndReason) { BOOST_REQUIRE(live.erase(flow.id) == 1); }};
    std::mt19937 random{static_cast<std::mt19937::result_type>(c.seed)};

    // Few distinct addresses and ports, so that keys repeat and probe chains collide.
    auto random_packet = [&](std::uint64_t at_us) {
        PacketView view;
        view.ts = WallTime{std::chrono::microseconds{at_us}};
        view.src = net::IpAddress::v4(0xc0000200u | (random() & 0x3fu));  // 192.0.2.0/26
        view.dst = net::IpAddress::v4(0xc6336400u | (random() & 0x07u));  // 198.51.100.0/29
        view.src_port = static_cast<std::uint16_t>(49152 + (random() % 2000));
        view.dst_port = (random() & 1u) ? 443 : 53;
        view.transport = (random() & 1u) ? Transport::Tcp : Transport::Udp;
        view.tcp_flags = view.transport == Transport::Tcp ? decode::kTcpSyn : 0;
        view.vlan_id = static_cast<std::uint16_t>(random() % 3);
        return view;
    };

    std::uint64_t now = 0;
    for (std::size_t i = 0; i < kFlows; ++i) {
        now += 1000;
        const auto view = random_packet(now);
        const auto hit = table.track(view);
        if (hit.created) {
            BOOST_REQUIRE(live.emplace(hit.flow->id, view).second);
        } else {
            BOOST_REQUIRE(live.count(hit.flow->id) == 1);
        }
        if (i % 97 == 0) table.expire_idle(now);
        BOOST_REQUIRE(table.size() == live.size());
        BOOST_REQUIRE(table.size() <= c.capacity);
    }
    BOOST_TEST(table.counters().created == table.counters().expired + table.counters().evicted + table.size());
    if (c.capacity >= 1000) {  // smaller tables evict every flow long before it could idle out
        BOOST_TEST(table.counters().expired > 0u);
        BOOST_TEST(table.counters().evicted > 0u);
    }

    // Every flow still held is found again, from either side, with no flow created or ended.
    const auto created_before = table.counters().created;
    const auto live_now = live;
    for (const auto& [id, view] : live_now) {
        PacketView reverse = view;
        std::swap(reverse.src, reverse.dst);
        std::swap(reverse.src_port, reverse.dst_port);
        reverse.ts = WallTime{std::chrono::microseconds{now}};
        const auto hit = table.track(reverse);
        BOOST_TEST(!hit.created);
        BOOST_TEST(hit.flow->id == id);
        BOOST_TEST((hit.direction == Direction::ServerToClient));
    }
    BOOST_TEST(table.counters().created == created_before);
    BOOST_TEST(live.size() == live_now.size());

    table.end_all();
    BOOST_TEST(live.empty());
}

BOOST_AUTO_TEST_CASE(the_default_client_share_is_a_fraction_of_capacity_with_a_floor) {
    FlowTableConfig config;
    BOOST_TEST(config.client_share() == config.capacity / FlowTableConfig::kDefaultClientShareDivisor);
    config.capacity = 1000;
    BOOST_TEST(config.client_share() == FlowTableConfig::kMinClientShare);
    config.max_inspecting_per_client = 7;
    BOOST_TEST(config.client_share() == 7u);
}

// One client opening flow after flow gives up its own idlest inspecting flow, never another client's,
// even with room left in the table; each one ended is counted and goes through the end handler.
BOOST_AUTO_TEST_CASE(a_client_over_its_share_ends_its_own_idlest_inspecting_flow) {
    EndLog log;
    auto config = small_config(64);
    config.max_inspecting_per_client = 3;
    FlowTable table{config, log.handler()};
    const auto other = table.track(packet("192.0.2.99", 40000, "198.51.100.20", 443, 1 * kSecond,
                                          Transport::Tcp, decode::kTcpSyn));
    std::vector<std::uint64_t> ids;
    for (std::uint16_t i = 0; i < 3; ++i) {
        ids.push_back(table.track(packet("192.0.2.10", static_cast<std::uint16_t>(50000 + i), "198.51.100.20", 443,
                                         (i + 2) * kSecond, Transport::Tcp, decode::kTcpSyn))
                          .flow->id);
    }
    // A packet on the client's oldest: 50001 becomes its idlest.
    table.track(packet("198.51.100.20", 443, "192.0.2.10", 50000, 6 * kSecond));
    BOOST_TEST(log.ended.empty());
    BOOST_TEST(table.inspecting_flows_of(ip("192.0.2.10")) == 3u);

    table.track(packet("192.0.2.10", 50003, "198.51.100.20", 443, 7 * kSecond, Transport::Tcp, decode::kTcpSyn));
    BOOST_TEST_REQUIRE(log.ended.size() == 1u);
    BOOST_TEST(log.ended[0].id == ids[1]);
    BOOST_TEST(log.ended[0].reason == "client_share");
    BOOST_TEST(table.counters().client_share_evicted == 1u);
    BOOST_TEST(table.counters().evicted == 0u);
    BOOST_TEST(table.inspecting_flows_of(ip("192.0.2.10")) == 3u);
    BOOST_TEST(table.size() == 4u);
    // The other client, idle longest of all, kept its flow.
    BOOST_TEST(!table.track(packet("192.0.2.99", 40000, "198.51.100.20", 443, 8 * kSecond)).created);
    BOOST_TEST(other.flow->id == 1u);
}

// Settled flows hold no inspector state and do not count: a client may keep any number of them (the
// table's own capacity and idle eviction bound those).
BOOST_AUTO_TEST_CASE(settled_flows_do_not_count_against_the_share) {
    EndLog log;
    auto config = small_config(64);
    config.max_inspecting_per_client = 2;
    FlowTable table{config, log.handler()};
    for (std::uint16_t i = 0; i < 10; ++i) {
        auto hit = table.track(packet("192.0.2.10", static_cast<std::uint16_t>(50000 + i), "198.51.100.20", 443,
                                      (i + 1) * kSecond, Transport::Tcp, decode::kTcpSyn));
        table.mark_settled(*hit.flow);
    }
    BOOST_TEST(log.ended.empty());
    BOOST_TEST(table.inspecting_flows_of(ip("192.0.2.10")) == 0u);
    BOOST_TEST(table.size() == 10u);
}

// A flood of new flows from one client in a full table: every flow it loses is its own, and the other
// clients' inspecting flows all survive. Each step is O(1); the counts add up.
BOOST_AUTO_TEST_CASE(a_flooding_client_cannot_push_out_other_clients_flows) {
    EndLog log;
    auto config = small_config(256);
    config.max_inspecting_per_client = 32;
    FlowTable table{config, log.handler()};
    std::uint64_t now = kSecond;
    for (std::uint16_t i = 0; i < 100; ++i) {
        const std::string client = "192.0.2." + std::to_string(i + 1);
        table.track(packet(client.c_str(), 40000, "198.51.100.20", 443, now++, Transport::Tcp, decode::kTcpSyn));
    }
    for (std::uint32_t i = 0; i < 20'000; ++i) {
        table.track(packet("203.0.113.66", static_cast<std::uint16_t>(1024 + i % 60000), "198.51.100.20",
                           static_cast<std::uint16_t>(1 + i / 60000), now++, Transport::Tcp, decode::kTcpSyn));
        BOOST_TEST_REQUIRE(table.inspecting_flows_of(ip("203.0.113.66")) <= 32u);
    }
    for (const auto& ended : log.ended) BOOST_TEST_REQUIRE(ended.client.rfind("203.0.113.66:", 0) == 0u);
    // Every flow made is still there or was one of the flooder's given up: none made room by eviction.
    // (The flooder keeps 32 less those of other clients in its share bucket: with 256 buckets and 100
    // clients, possibly one or two.)
    BOOST_TEST(table.counters().evicted == 0u);
    BOOST_TEST(table.counters().client_share_evicted + table.size() == 20'100u);
    BOOST_TEST(table.size() >= 100u + 32u - 3u);
    for (std::uint16_t i = 0; i < 100; ++i) {
        const std::string client = "192.0.2." + std::to_string(i + 1);
        BOOST_TEST_REQUIRE(!table.track(packet(client.c_str(), 40000, "198.51.100.20", 443, now++)).created);
    }
}

// Clients share a count when their addresses fall in one share bucket; the flow given up is still the
// asking client's own, found past the other client's older flow.
BOOST_AUTO_TEST_CASE(a_client_sharing_a_bucket_with_a_flooder_keeps_its_flow) {
    auto config = small_config(64);
    config.max_inspecting_per_client = 3;
    // Find an address in the flooder's share bucket: same seed, same buckets. With the flooder's one flow
    // in a probe table, a candidate whose count is not 0 shares its bucket.
    FlowTable probe{config, nullptr};
    probe.track(packet("203.0.113.66", 50000, "198.51.100.20", 443, kSecond, Transport::Tcp, decode::kTcpSyn));
    std::string neighbour;
    for (int i = 0; i < 4096 && neighbour.empty(); ++i) {
        const std::string candidate = "10.9." + std::to_string(i / 256) + "." + std::to_string(i % 256);
        if (probe.inspecting_flows_of(ip(candidate.c_str())) > 0) neighbour = candidate;
    }
    BOOST_TEST_REQUIRE(!neighbour.empty());

    EndLog log;
    FlowTable table{config, log.handler()};
    // The neighbour's flow is its bucket's idlest all along.
    table.track(packet(neighbour.c_str(), 40000, "198.51.100.20", 443, kSecond, Transport::Tcp, decode::kTcpSyn));
    for (std::uint16_t i = 0; i < 50; ++i) {
        table.track(packet("203.0.113.66", static_cast<std::uint16_t>(50000 + i), "198.51.100.20", 443,
                           (10 + i) * kSecond, Transport::Tcp, decode::kTcpSyn));
    }
    BOOST_TEST(log.ended.size() == 48u);  // 50 - (3 - the neighbour's 1)
    for (const auto& ended : log.ended) BOOST_TEST_REQUIRE(ended.client.rfind("203.0.113.66:", 0) == 0u);
    BOOST_TEST(!table.track(packet(neighbour.c_str(), 40000, "198.51.100.20", 443, 100 * kSecond)).created);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::flow
