// Fuzz target: the QUIC Initial path (classifiers/quic/) through classifiers/flow_inspector.h on UDP/443:
// long-header parsing, coalesced packets, header protection, AES-128-GCM, frame parsing, CRYPTO
// reassembly across Initials and the ClientHello parser.
//
// A fuzzer cannot forge AEAD tags, so there are two modes (fuzz/README.md):
//   byte 0 bit 0 clear  "wire": the rest is datagrams, each as a 2-byte big-endian length then its bytes,
//                       fed to the classifier as they are (what a pupil's device can send);
//   byte 0 bit 0 set    "sealed": the rest is decrypted Initial payloads (frames) in the same framing; each
//                       is sealed as a client Initial (version from bits 1-2: v1, v2, draft-29; packet
//                       number = its index; RFC 9001 A.1's DCID) with the test builder, then fed - so every
//                       input reaches the frame parser, CRYPTO reassembly and the ClientHello.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/quic/initial_keys.h"
#include "fuzz/fuzz_input.h"
#include "fuzz/observation_checks.h"
#include "support/quic_initial_builder.h"

namespace {

using schoolgate::test::QuicInitialBuilder;
namespace quic = schoolgate::classifiers::quic;

constexpr std::array<std::uint8_t, 8> kDcid = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};  // RFC 9001 A.1
constexpr std::array<std::uint8_t, 0> kScid = {};
constexpr std::size_t kMaxDatagrams = 16;

struct Version {
    quic::QuicVersion version;
    std::uint32_t wire;
};
constexpr Version kVersions[] = {{quic::QuicVersion::V1, quic::kWireVersion1},
                                 {quic::QuicVersion::V2, quic::kWireVersion2},
                                 {quic::QuicVersion::Draft29, quic::kWireVersionDraft29},
                                 {quic::QuicVersion::V1, quic::kWireVersion1}};

std::vector<std::vector<std::uint8_t>> datagrams(schoolgate::fuzz::Choices& choices, bool sealed,
                                                 const Version& version) {
    std::vector<std::vector<std::uint8_t>> out;
    QuicInitialBuilder::Keys keys;
    if (sealed) {
        const auto derived = quic::derive_client_initial_keys(version.version, kDcid);
        if (!derived) return out;
        keys.key = derived->key;
        keys.iv = derived->iv;
        keys.hp = derived->hp;
    }
    while (!choices.rest().empty() && out.size() < kMaxDatagrams) {
        const auto bytes = choices.take(choices.u16());
        if (!sealed) {
            out.emplace_back(bytes.begin(), bytes.end());
            continue;
        }
        out.push_back(QuicInitialBuilder::seal(keys, version.wire, kDcid, kScid, out.size(), 2, bytes));
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace schoolgate::classifiers;
    schoolgate::fuzz::Choices choices{{data, size}};
    const std::uint8_t mode = choices.u8();
    const auto packets = datagrams(choices, (mode & 1) != 0, kVersions[(mode >> 1) & 3]);

    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
    FlowInspector inspector{Transport::Udp, 443};
    for (const auto& datagram : packets) {
        const auto status = inspector.on_udp_datagram(Direction::ClientToServer, datagram, context);
        schoolgate::fuzz::check_observations(inspector.observations());
        if (status == InspectStatus::Done) break;
    }
    return 0;
}
