// Fuzz target: the HTTP/1.x request-head parser (classifiers/http/http_request_parser.h) and the HTTP
// classifier around it (Host, absolute-form and CONNECT targets, through classifiers/flow_inspector.h).
// Input layout: byte 0 = how many cut points follow (value % 16); those bytes cut the stream (each at
// weight/255 of it); the rest is the client's byte stream, delivered in order in those pieces (the HTTP
// classifier re-parses only when a line ends, so the cuts matter).

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/http/http_request_parser.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/observation_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace schoolgate::classifiers;
    schoolgate::fuzz::Choices choices{{data, size}};
    const auto weights = choices.take(choices.u8() % 16u);
    const auto stream = choices.rest();

    const auto head = http::parse_http_request_head(stream);
    if (head.is_ok() && head.value().host) (void)http::authority_host(*head.value().host);
    if (head.is_ok()) (void)http::authority_host(head.value().target);

    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
    FlowInspector inspector{Transport::Tcp, 80};
    inspector.on_tcp_syn(Direction::ClientToServer, 0xfffffff0u);  // data crosses the 2^32 wrap
    for (const auto& piece : schoolgate::fuzz::split_stream(stream, weights, 0)) {
        const auto seq = static_cast<std::uint32_t>(0xfffffff1u + piece.offset);
        const auto status = inspector.on_tcp_segment(Direction::ClientToServer, seq, piece.bytes, context);
        schoolgate::fuzz::check_observations(inspector.observations());
        if (status == InspectStatus::Done) break;
    }
    return 0;
}
