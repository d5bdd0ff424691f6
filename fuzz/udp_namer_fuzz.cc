// Fuzz target: the UDP namers (classifiers/naming/udp_namer.h: DHCP, NetBIOS, Dropbox and Spotify LAN
// discovery, IPsec on UDP 500 and 4500) and an unclaimed UDP flow through classifiers/flow_inspector.h.
// Input: one client datagram. Besides "no crash, no UB" it checks that a namer is a pure function of the
// datagram and its port (the same answer twice), that naming notes nothing but IPsec's one technique, and
// that the flow inspector names the flow as the table does.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/naming/udp_namer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace schoolgate::classifiers;
    const std::span<const std::uint8_t> datagram{data, size};
    for (const std::uint16_t port : {std::uint16_t{0}, std::uint16_t{500}, std::uint16_t{4500}}) {
        Observations first;
        Observations second;
        const auto* named = naming::name_udp_datagram(port, datagram, first);
        if (named != naming::name_udp_datagram(port, datagram, second)) std::abort();
        if (first.techniques.size() > (named && named->name == "ipsec" ? 1u : 0u)) std::abort();
        if (!named && !first.classifier.empty()) std::abort();

        dns::AddressNameCache cache{4};
        ClassifierContext context{cache, 1'700'000'000'000'000};
        FlowInspector inspector{Transport::Udp, port};
        inspector.on_udp_datagram(Direction::ClientToServer, datagram, context);
        // A registry classifier may claim the datagram first (an IKE_SA_INIT is the ike classifier's).
        if (inspector.namer() && inspector.namer() != named) std::abort();
    }
    return 0;
}
