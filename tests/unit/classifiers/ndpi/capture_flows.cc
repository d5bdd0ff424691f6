#include "capture_flows.h"

#include <pcap/pcap.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <tuple>

#include "common/net/ip_address.h"
#include "common/wire/byte_reader.h"

namespace schoolgate::test {

namespace {

using wire::ByteReader;
using wire::Bytes;

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86dd;
constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

// The IP datagram inside one frame, or an empty span.
Bytes ip_datagram(int link_type, Bytes frame) {
    ByteReader reader{frame};
    std::optional<std::uint16_t> ether_type;
    switch (link_type) {
        case DLT_EN10MB:
            if (!reader.skip(12)) return {};
            ether_type = reader.read_u16();
            while (ether_type && (*ether_type == 0x8100 || *ether_type == 0x88a8)) {
                if (!reader.skip(2)) return {};
                ether_type = reader.read_u16();
            }
            break;
        case DLT_LINUX_SLL:
            if (!reader.skip(14)) return {};
            ether_type = reader.read_u16();
            break;
        case DLT_LINUX_SLL2:
            ether_type = reader.read_u16();
            if (!reader.skip(18)) return {};
            break;
        case DLT_NULL:
        case DLT_LOOP:
            if (!reader.skip(4)) return {};
            break;  // the IP version nibble tells v4 from v6
        case DLT_RAW:
        case 14:   // DLT_RAW on some BSDs
        case 101:  // LINKTYPE_RAW
        case 228:  // DLT_IPV4
        case 229:  // DLT_IPV6
            break;
        default: return {};
    }
    if (ether_type && *ether_type != kEtherIpv4 && *ether_type != kEtherIpv6) return {};
    return reader.rest();
}

struct Tuple {
    std::uint8_t protocol = 0;
    Bytes src, dst;
    std::uint16_t src_port = 0, dst_port = 0;
    std::uint8_t tcp_flags = 0;
    bool has_payload = false;
    Bytes datagram;  ///< cut to the IP total length
};

// Reads the transport header after `next` at `l4`, filling ports and flags.
void read_transport(Tuple& t, ByteReader l4) {
    if (t.protocol != kTcp && t.protocol != kUdp) return;
    t.src_port = l4.read_u16().value_or(0);
    t.dst_port = l4.read_u16().value_or(0);
    if (t.protocol == kUdp) {
        t.has_payload = l4.remaining() > 4;
        return;
    }
    if (!l4.skip(8)) return;
    const auto offset_byte = l4.read_u8();
    const auto flags = l4.read_u8();
    if (!offset_byte || !flags) return;
    t.tcp_flags = *flags;
    const std::size_t header = (*offset_byte >> 4) * 4u;
    t.has_payload = header >= 20 && l4.remaining() + 14 > header;
}

std::optional<Tuple> parse_ip(Bytes datagram) {
    ByteReader reader{datagram};
    const auto first = reader.peek_u8();
    if (!first) return std::nullopt;
    Tuple t;
    if ((*first >> 4) == 4) {
        const std::size_t header = (*first & 0x0f) * 4u;
        ByteReader ip{datagram};
        ip.skip(2);
        const auto total = ip.read_u16();
        if (!total || header < 20 || *total < header || *total > datagram.size()) return std::nullopt;
        t.datagram = datagram.first(*total);
        ByteReader fixed{t.datagram};
        fixed.skip(6);
        const auto fragment = fixed.read_u16().value_or(0);
        fixed.skip(1);
        t.protocol = fixed.read_u8().value_or(0);
        fixed.skip(2);
        t.src = fixed.read_bytes(4).value_or(Bytes{});
        t.dst = fixed.read_bytes(4).value_or(Bytes{});
        ByteReader l4{t.datagram};
        l4.skip(header);
        if ((fragment & 0x1fff) == 0) read_transport(t, l4);
        return t;
    }
    if ((*first >> 4) == 6) {
        ByteReader ip{datagram};
        ip.skip(4);
        const auto payload_length = ip.read_u16();
        auto next = ip.read_u8();
        ip.skip(1);
        if (!payload_length || !next || 40u + *payload_length > datagram.size()) return std::nullopt;
        t.datagram = datagram.first(40u + *payload_length);
        t.src = ip.read_bytes(16).value_or(Bytes{});
        t.dst = ip.read_bytes(16).value_or(Bytes{});
        ByteReader l4{t.datagram};
        l4.skip(40);
        // Hop-by-hop, routing and destination options: skip to the transport header.
        while (next && (*next == 0 || *next == 43 || *next == 60)) {
            auto copy = l4;
            next = copy.read_u8();
            const auto length = copy.read_u8();
            if (!length || !l4.skip((*length + 1u) * 8u)) return std::nullopt;
        }
        t.protocol = next.value_or(0);
        read_transport(t, l4);
        return t;
    }
    return std::nullopt;
}

std::string endpoint(Bytes address, std::uint16_t port) {
    const auto ip = net::IpAddress::from_network_bytes(address);
    std::string text = ip ? ip->to_string() : "?";
    return port ? text + ":" + std::to_string(port) : text;
}

std::string protocol_label(std::uint8_t protocol) {
    if (protocol == kTcp) return "TCP";
    if (protocol == kUdp) return "UDP";
    return "IP/" + std::to_string(protocol);
}

}  // namespace

Result<Capture, std::string> read_capture(const std::string& path) {
    using Out = Result<Capture, std::string>;
    char message[PCAP_ERRBUF_SIZE] = {};
    pcap_t* handle = pcap_open_offline(path.c_str(), message);
    if (!handle) return Out::failure(message);
    const int link_type = pcap_datalink(handle);
    Capture capture;
    using Key = std::tuple<std::uint8_t, std::vector<std::uint8_t>, std::uint16_t, std::vector<std::uint8_t>, std::uint16_t>;
    std::map<Key, std::size_t> index;  // canonical key -> flow
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int status = 0;
    while ((status = pcap_next_ex(handle, &header, &data)) == 1) {
        ++capture.frames;
        const auto tuple = parse_ip(ip_datagram(link_type, Bytes{data, header->caplen}));
        if (!tuple) continue;
        ++capture.ip_packets;
        std::vector<std::uint8_t> a(tuple->src.begin(), tuple->src.end());
        std::vector<std::uint8_t> b(tuple->dst.begin(), tuple->dst.end());
        const bool src_low = std::tie(a, tuple->src_port) < std::tie(b, tuple->dst_port);
        Key key = src_low ? Key{tuple->protocol, a, tuple->src_port, b, tuple->dst_port}
                          : Key{tuple->protocol, b, tuple->dst_port, a, tuple->src_port};
        auto [it, created] = index.try_emplace(std::move(key), capture.flows.size());
        if (created) {
            // A SYN-ACK seen first means its receiver opened the connection.
            const bool syn_ack = tuple->protocol == kTcp && (tuple->tcp_flags & 0x12) == 0x12;
            CapturedFlow flow;
            flow.ip_protocol = tuple->protocol;
            flow.client_address = syn_ack ? b : a;
            flow.client_port = syn_ack ? tuple->dst_port : tuple->src_port;
            flow.server_port = syn_ack ? tuple->src_port : tuple->dst_port;
            flow.description = protocol_label(tuple->protocol) + " " +
                               (syn_ack ? endpoint(tuple->dst, tuple->dst_port) + " -> " + endpoint(tuple->src, tuple->src_port)
                                        : endpoint(tuple->src, tuple->src_port) + " -> " + endpoint(tuple->dst, tuple->dst_port));
            capture.flows.push_back(std::move(flow));
        }
        auto& flow = capture.flows[it->second];
        const bool from_client = a == flow.client_address && tuple->src_port == flow.client_port;
        FlowPacket packet;
        packet.ip.assign(tuple->datagram.begin(), tuple->datagram.end());
        packet.time_ms = static_cast<std::uint64_t>(header->ts.tv_sec) * 1000u +
                         static_cast<std::uint64_t>(header->ts.tv_usec) / 1000u;
        packet.from_client = from_client;
        packet.has_payload = tuple->has_payload;
        capture.order.emplace_back(it->second, flow.packets.size());
        flow.packets.push_back(std::move(packet));
    }
    if (status != PCAP_ERROR_BREAK) {  // PCAP_ERROR_BREAK is the end of the file; anything else broke
        std::string error = "packet " + std::to_string(capture.frames + 1) + ": " + pcap_geterr(handle);
        pcap_close(handle);
        return Out::failure(std::move(error));
    }
    pcap_close(handle);
    return Out::success(std::move(capture));
}

std::string shared_ndpi_captures() {
    const char* configured = std::getenv("SG_NDPI_PCAPS");
    const std::string path = configured ? configured : std::string{SG_SOURCE_DIR} + "/../shared/pcaps/ndpi";
    std::error_code ignored;
    return std::filesystem::is_directory(path, ignored) ? path : std::string{};
}

}  // namespace schoolgate::test
