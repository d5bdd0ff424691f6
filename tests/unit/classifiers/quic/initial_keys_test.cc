#include "classifiers/quic/initial_keys.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <utility>
#include <vector>

#include "unit/classifiers/quic/rfc9001_vectors.h"

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::classifiers::quic::derive_client_initial_keys;
using schoolgate::classifiers::quic::InitialKeyCache;
using schoolgate::classifiers::quic::InitialKeys;
using schoolgate::classifiers::quic::quic_version_from_wire;
using schoolgate::classifiers::quic::QuicVersion;
using schoolgate::test::rfc9001::from_hex;
using Bytes = std::vector<std::uint8_t>;

struct KeyCase {
    const char* what;
    QuicVersion version;
    const char* key;
    const char* iv;
    const char* hp;
};
std::ostream& operator<<(std::ostream& out, const KeyCase& c) { return out << c.what; }

// Client Initial keys for DCID 0x8394c8f03e515708: RFC 9001 §A.1 (v1) and RFC 9369 §A.1 (v2).
const std::vector<KeyCase> kKeyCases{
    {"v1 (RFC 9001 A.1)", QuicVersion::V1, "1f369613dd76d5467730efcbe3b1a22d", "fa044b2f42a3fd3b46fb255c",
     "9f50449e04a0e810283a1e9933adedd2"},
    {"v2 (RFC 9369 A.1)", QuicVersion::V2, "8b1a0bc121284290a29e0971b5cd045d", "91f73e2351d8fa91660e909f",
     "45b95e15235d6f45a6b19cbcb0294ba9"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(InitialKeysTest)

BOOST_DATA_TEST_CASE(derives_the_rfc_client_keys, bdata::make(kKeyCases), c) {
    const auto keys = derive_client_initial_keys(c.version, from_hex(schoolgate::test::rfc9001::kDcid));
    BOOST_REQUIRE(keys.has_value());
    BOOST_TEST(Bytes(keys->key.begin(), keys->key.end()) == from_hex(c.key), boost::test_tools::per_element());
    BOOST_TEST(Bytes(keys->iv.begin(), keys->iv.end()) == from_hex(c.iv), boost::test_tools::per_element());
    BOOST_TEST(Bytes(keys->hp.begin(), keys->hp.end()) == from_hex(c.hp), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(draft29_uses_its_own_salt) {
    const auto dcid = from_hex(schoolgate::test::rfc9001::kDcid);
    const auto draft = derive_client_initial_keys(QuicVersion::Draft29, dcid);
    const auto v1 = derive_client_initial_keys(QuicVersion::V1, dcid);
    BOOST_REQUIRE(draft && v1);
    BOOST_TEST(draft->key != v1->key);
}

BOOST_AUTO_TEST_CASE(an_empty_dcid_still_derives) {
    BOOST_TEST(derive_client_initial_keys(QuicVersion::V1, {}).has_value());
}

BOOST_AUTO_TEST_CASE(maps_wire_versions) {
    BOOST_TEST((quic_version_from_wire(0x00000001) == QuicVersion::V1));
    BOOST_TEST((quic_version_from_wire(0x6b3343cf) == QuicVersion::V2));
    BOOST_TEST((quic_version_from_wire(0xff00001d) == QuicVersion::Draft29));
    BOOST_TEST(!quic_version_from_wire(0x00000000).has_value());  // version negotiation
    BOOST_TEST(!quic_version_from_wire(0xff00001b).has_value());  // draft-27
    BOOST_TEST(!quic_version_from_wire(0x51303436).has_value());  // gQUIC Q046
}

bool same_keys(const InitialKeys& a, const InitialKeys& b) { return a.key == b.key && a.iv == b.iv && a.hp == b.hp; }

// The cache answers what deriving afresh answers, whichever (version, connection ID) it holds or has let go:
// a wrong hit would open a flow's Initials under another flow's keys.
BOOST_AUTO_TEST_CASE(the_key_cache_answers_as_deriving_afresh) {
    InitialKeyCache cache;
    const Bytes rfc = from_hex("8394c8f03e515708");
    const Bytes longer = from_hex("8394c8f03e51570800");   // the same bytes and one more
    const Bytes shorter = from_hex("8394c8f03e5157");      // one fewer
    const Bytes longest(20, 0xab);
    const std::vector<std::pair<QuicVersion, Bytes>> asks{
        {QuicVersion::V1, rfc},      {QuicVersion::Draft29, rfc}, {QuicVersion::V1, rfc},
        {QuicVersion::V2, rfc},      {QuicVersion::V1, longer},   {QuicVersion::V1, shorter},
        {QuicVersion::V1, {}},       {QuicVersion::V1, longest},  {QuicVersion::Draft29, rfc},
        {QuicVersion::V1, rfc},      {QuicVersion::V1, longest},  {QuicVersion::V1, {}}};
    for (const auto& [version, dcid] : asks) {
        const auto cached = cache.keys_for(version, dcid);
        const auto fresh = derive_client_initial_keys(version, dcid);
        BOOST_REQUIRE(cached && fresh);
        BOOST_TEST(same_keys(*cached, *fresh));
    }
}

BOOST_AUTO_TEST_SUITE_END()
