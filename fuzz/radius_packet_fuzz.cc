// Fuzz target: the RADIUS Accounting-Request parser and authenticator check (gateway/radius/radius_packet.h).
// Input: one UDP datagram. Besides "no crash, no UB": a parsed request's packet lies inside the datagram and
// is its Length; its fields keep their bounds; the authenticator check and the response never crash; and a
// request rebuilt from what was read, signed with a secret, parses and checks with that secret only.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "gateway/radius/radius_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace schoolgate::gateway::radius;
    const std::span<const std::uint8_t> datagram{data, size};
    const auto parsed = parse_accounting_request(datagram);
    if (!parsed.request) return 0;
    const auto& request = *parsed.request;
    if (request.packet.data() != data || request.packet.size() < kMinPacketBytes || request.packet.size() > size ||
        request.packet.size() > kMaxPacketBytes) {
        std::abort();
    }
    if (request.addresses.size() > kMaxAddressesPerSession || request.user.size() > 253) std::abort();
    (void)request_authenticator_ok(request, "testing123");
    (void)accounting_response(request, "testing123");
    if (request.status == StatusType::Other) return 0;
    const auto rebuilt = make_accounting_request(request.identifier, request.status, request.user, request.addresses,
                                                 request.mac ? request.mac->to_string() : "", "s3cret");
    const auto reparsed = parse_accounting_request(rebuilt);
    if (!reparsed.request || reparsed.request->user != request.user || reparsed.request->addresses != request.addresses ||
        reparsed.request->mac != request.mac || !request_authenticator_ok(*reparsed.request, "s3cret") ||
        request_authenticator_ok(*reparsed.request, "s3cres")) {
        std::abort();
    }
    return 0;
}
