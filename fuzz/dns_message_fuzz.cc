// Fuzz target: the DNS message parser (classifiers/dns/dns_message_parser.h) and the DNS classifier around
// it (classifiers/dns/dns_classifier.h, through classifiers/flow_inspector.h), which normalises names and
// remembers answers in the per-worker address cache.
// Input: one DNS message, as in a UDP payload. It is parsed alone, then sent on a UDP/53 flow as the query
// and as the answer, then on a TCP/53 flow with its 2-byte length prefix in both directions.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/dns/dns_message_parser.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/limits.h"
#include "fuzz/observation_checks.h"

namespace {

using namespace schoolgate::classifiers;

void parse_alone(std::span<const std::uint8_t> message) {
    const auto result = dns::parse_dns_message(message);
    if (!result.is_ok()) return;
    const auto& parsed = result.value();
    if (parsed.questions.size() > limits::kMaxDnsQuestions || parsed.answers.size() > limits::kMaxDnsAnswers) {
        std::abort();
    }
    // At most 255 bytes on the wire; a '.' or '\\' inside a label is escaped with a backslash when decoded
    // (RFC 4343 §2.1), so the text can be up to twice that.
    for (const auto& question : parsed.questions) {
        if (question.name.size() > 2 * limits::kMaxDnsNameBytes) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> message{data, size};
    parse_alone(message);

    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
    {
        FlowInspector udp{Transport::Udp, 53};
        if (udp.on_udp_datagram(Direction::ClientToServer, message, context) == InspectStatus::NeedMore) {
            udp.on_udp_datagram(Direction::ServerToClient, message, context);
        }
        schoolgate::fuzz::check_observations(udp.observations());
    }
    {
        std::vector<std::uint8_t> framed{static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)};
        framed.insert(framed.end(), message.begin(), message.end());
        FlowInspector tcp{Transport::Tcp, 53};
        tcp.on_tcp_syn(Direction::ClientToServer, 100);
        tcp.on_tcp_syn(Direction::ServerToClient, 5000);
        if (tcp.on_tcp_segment(Direction::ClientToServer, 101, framed, context) == InspectStatus::NeedMore) {
            tcp.on_tcp_segment(Direction::ServerToClient, 5001, framed, context);
        }
        schoolgate::fuzz::check_observations(tcp.observations());
    }
    return 0;
}
