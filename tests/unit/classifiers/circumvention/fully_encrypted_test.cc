#include "classifiers/circumvention/fully_encrypted.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

using schoolgate::classifiers::could_still_look_random;
using schoolgate::classifiers::fully_encrypted_evidence;
using Bytes = std::vector<std::uint8_t>;

Bytes random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 generator{seed};
    Bytes out(size);
    for (auto& b : out) b = static_cast<std::uint8_t>(generator());
    return out;
}

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(FullyEncryptedTest)

BOOST_AUTO_TEST_CASE(random_first_packets_are_flagged) {
    // Shadowsocks AEAD: a 32-byte salt, then an encrypted length and payload: random from the first byte.
    int flagged = 0;
    for (unsigned seed = 0; seed < 200; ++seed) flagged += fully_encrypted_evidence(random_bytes(300, seed)).has_value();
    BOOST_TEST(flagged >= 190);  // the published rules exempt a few percent of random packets by chance
    const auto evidence = fully_encrypted_evidence(random_bytes(300, 1000));
    BOOST_REQUIRE(evidence.has_value());
    BOOST_TEST(evidence->find("look random") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(known_shapes_are_exempt) {
    BOOST_TEST(!fully_encrypted_evidence(text("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n and some more bytes ...")));
    BOOST_TEST(!fully_encrypted_evidence(Bytes(200, 0)));                 // too few set bits
    BOOST_TEST(!fully_encrypted_evidence(Bytes(200, 0xff)));              // too many
    Bytes mostly_text = random_bytes(100, 3);
    for (std::size_t i = 0; i < 60; ++i) mostly_text[i + 20] = static_cast<std::uint8_t>('a' + i % 26);  // a long printable run
    BOOST_TEST(!fully_encrypted_evidence(mostly_text));
    BOOST_TEST(!fully_encrypted_evidence(random_bytes(47, 4)));           // too short to judge
}

BOOST_AUTO_TEST_CASE(short_prefixes_wait_unless_already_ruled_out) {
    BOOST_TEST(could_still_look_random(random_bytes(20, 5)));
    BOOST_TEST(!could_still_look_random(text("EHLO mail")));
    BOOST_TEST(!could_still_look_random(random_bytes(48, 6)));  // long enough: judge now
}

BOOST_AUTO_TEST_SUITE_END()
