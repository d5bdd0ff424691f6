#include "classifiers/naming/spotify_discovery.h"

#include <boost/test/unit_test.hpp>

#include "support/classifier_test_text.h"
#include "support/hex_bytes.h"
#include "unit/classifiers/naming/packets.h"

namespace {

using schoolgate::classifiers::naming::is_spotify_discovery;
using schoolgate::test::hex_bytes;

BOOST_AUTO_TEST_SUITE(SpotifyDiscoveryTest)

BOOST_AUTO_TEST_CASE(a_real_announcement_is_spotify_and_its_magic_alone_is_not) {
    const auto packet = hex_bytes(schoolgate::test::packets::kSpotifyDiscovery);
    BOOST_TEST(is_spotify_discovery(packet));
    for (std::size_t size = 0; size <= 8; ++size) {
        BOOST_TEST_CONTEXT("prefix of " << size << " bytes") { BOOST_TEST(!is_spotify_discovery({packet.data(), size})); }
    }
    BOOST_TEST(!is_spotify_discovery(schoolgate::test::bytes("SpotUdp1 and more")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
