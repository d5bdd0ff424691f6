// Fuzz target: the SOCKS4/4a/5 request parser (classifiers/proxy/socks_request_parser.h) and the SOCKS
// classifier through classifiers/flow_inspector.h.
// Input: the client's byte stream. Besides "no crash, no UB" it checks that the parser is consistent as
// bytes arrive: a prefix that parses gives the same request as the whole stream, and a prefix that is
// already "not SOCKS" stays so. The stream is then sent on a TCP flow in two segments.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/proxy/socks_request_parser.h"
#include "fuzz/observation_checks.h"

namespace {

using namespace schoolgate::classifiers;

constexpr std::size_t kMaxPrefixesChecked = 300;

bool same(const proxy::SocksRequest& a, const proxy::SocksRequest& b) {
    return a.version == b.version && a.socks4a == b.socks4a && a.command == b.command && a.target == b.target &&
           a.target_is_name == b.target_is_name && a.port == b.port;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> stream{data, size};
    proxy::SocksRequest whole;
    const auto result = proxy::parse_socks_request(stream, whole);
    (void)proxy::looks_like_socks(stream);
    for (std::size_t n = 0; n < std::min(size, kMaxPrefixesChecked); ++n) {
        proxy::SocksRequest part;
        const auto early = proxy::parse_socks_request(stream.first(n), part);
        if (early == proxy::SocksParse::Parsed && (result != proxy::SocksParse::Parsed || !same(part, whole))) {
            std::abort();
        }
        if (early == proxy::SocksParse::NotSocks && result != proxy::SocksParse::NotSocks) std::abort();
    }

    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
    FlowInspector inspector{Transport::Tcp, 1080};
    inspector.on_tcp_syn(Direction::ClientToServer, 7);
    const std::size_t half = size / 2;
    if (inspector.on_tcp_segment(Direction::ClientToServer, 8, stream.first(half), context) == InspectStatus::NeedMore) {
        inspector.on_tcp_segment(Direction::ClientToServer, static_cast<std::uint32_t>(8 + half), stream.subspan(half),
                                 context);
    }
    schoolgate::fuzz::check_observations(inspector.observations());
    return 0;
}
