#include "classifiers/dns/tunnel_detector.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace {

using schoolgate::classifiers::Confidence;
using schoolgate::classifiers::confidence_name;
using schoolgate::classifiers::dns::bits_per_char;
using schoolgate::classifiers::dns::registered_domain;
using schoolgate::classifiers::dns::TunnelDetector;

constexpr std::uint64_t kStart = 1'700'000'000'000'000;
constexpr std::uint16_t kA = 1;
constexpr std::uint16_t kNull = 10;
constexpr std::uint16_t kTxt = 16;

// iodine-style data label: base32 of random bytes.
std::string random_label(std::size_t length, unsigned seed) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz012345";
    std::string label;
    unsigned state = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < length; ++i) {
        state = state * 1103515245u + 12345u;
        label.push_back(kAlphabet[(state >> 16) % 32]);
    }
    return label;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(TunnelDetectorTest)

BOOST_AUTO_TEST_CASE(registered_domain_approximates_the_owner) {
    BOOST_TEST(registered_domain("a.b.tunnel.example.com") == "example.com");
    BOOST_TEST(registered_domain("www.bbc.co.uk") == "bbc.co.uk");
    BOOST_TEST(registered_domain("news.bbc.co.uk") == "bbc.co.uk");
    BOOST_TEST(registered_domain("example.com") == "example.com");
    BOOST_TEST(registered_domain("localhost") == "localhost");
    BOOST_TEST(registered_domain("t.example.de") == "example.de");
}

BOOST_AUTO_TEST_CASE(entropy_of_words_and_random_labels) {
    BOOST_TEST(bits_per_char("aaaaaaaa") == 0.0);
    BOOST_TEST(bits_per_char("www") == 0.0);
    BOOST_TEST(bits_per_char(random_label(60, 1)) > 4.0);
    BOOST_TEST(bits_per_char("mailmailmailmailmail") == 2.0);
}

BOOST_AUTO_TEST_CASE(an_iodine_like_session_is_a_tunnel_with_rising_confidence) {
    TunnelDetector detector;
    std::optional<TunnelDetector::Finding> first;
    std::optional<TunnelDetector::Finding> last;
    int findings = 0;
    for (unsigned i = 0; i < 60; ++i) {
        const auto name = random_label(52, i) + ".t.tunnel-example.org";
        if (auto finding = detector.on_query(name, kNull, kStart + i * 200'000)) {
            ++findings;
            if (!first) first = finding;
            last = finding;
        }
    }
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST(confidence_name(first->confidence) == "medium");
    BOOST_TEST(confidence_name(last->confidence) == "high");
    BOOST_TEST(findings == 2);  // reported when it becomes medium, then when it becomes high; not per query
    BOOST_TEST(last->evidence.find("tunnel-example.org") != std::string::npos);
    BOOST_TEST(last->evidence.find("TXT/NULL/ANY") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ordinary_browsing_is_not_a_tunnel) {
    TunnelDetector detector;
    const char* names[] = {"www.bbc.co.uk", "static.files.bbci.co.uk", "www.google.com", "fonts.gstatic.com",
                           "www.wikipedia.org", "upload.wikimedia.org", "news.bbc.co.uk", "ichef.bbci.co.uk"};
    for (int round = 0; round < 20; ++round) {
        for (const auto* name : names) BOOST_TEST(!detector.on_query(name, kA, kStart + round * 1'000'000).has_value());
    }
    // One long hashed label (a CDN, an anti-spam lookup) alone is not reported.
    BOOST_TEST(!detector.on_query(random_label(48, 7) + ".cdn.example.net", kA, kStart).has_value());
    BOOST_TEST(!detector.on_query("example.com", kTxt, kStart).has_value());
}

BOOST_AUTO_TEST_CASE(many_unique_names_and_txt_bursts_without_long_labels) {
    TunnelDetector detector;
    std::optional<TunnelDetector::Finding> finding;
    for (unsigned i = 0; i < 45 && !finding; ++i) {
        finding = detector.on_query(random_label(12, i) + ".c2.example.org", kTxt, kStart + i * 100'000);
    }
    BOOST_REQUIRE(finding.has_value());
    BOOST_TEST(confidence_name(finding->confidence) == "medium");
}

BOOST_AUTO_TEST_CASE(the_window_forgets_and_memory_is_bounded) {
    TunnelDetector detector;
    for (unsigned i = 0; i < 30; ++i) detector.on_query(random_label(12, i) + ".slow.example.org", kTxt, kStart + i * 61'000'000ull);
    BOOST_TEST(!detector.on_query(random_label(12, 99) + ".slow.example.org", kTxt, kStart + 31 * 61'000'000ull).has_value());
    for (unsigned i = 0; i < TunnelDetector::kMaxDomains + 100; ++i) {
        detector.on_query("a.domain" + std::to_string(i) + ".com", kA, kStart + i);
    }
    BOOST_TEST(detector.domains_tracked() <= TunnelDetector::kMaxDomains);
}

// At capacity a new domain forgets the one whose window started longest ago, as the scan it replaces did:
// a domain whose window restarted counts as new, one queried within its window keeps its place.
BOOST_AUTO_TEST_CASE(at_capacity_the_domain_whose_window_started_first_is_forgotten) {
    TunnelDetector detector;
    const auto domain = [](unsigned i) { return "domain" + std::to_string(i) + ".com"; };
    for (unsigned i = 0; i < TunnelDetector::kMaxDomains; ++i) detector.on_query("a." + domain(i), kA, kStart + i);
    const std::uint64_t later = kStart + TunnelDetector::Thresholds{}.window_us + 10'000;
    detector.on_query("b." + domain(0), kA, later);      // window over: domain0 restarts, newest
    detector.on_query("b." + domain(1), kA, kStart + 5'000);  // within its window: keeps its place
    detector.on_query("a.newcomer.com", kA, later + 1);
    BOOST_TEST(detector.domains_tracked() == TunnelDetector::kMaxDomains);
    BOOST_TEST(detector.tracks(domain(0)));
    BOOST_TEST(!detector.tracks(domain(1)));
    BOOST_TEST(detector.tracks(domain(2)));
    BOOST_TEST(detector.tracks("newcomer.com"));
    detector.on_query("a.second-newcomer.com", kA, later + 2);
    BOOST_TEST(!detector.tracks(domain(2)));
    BOOST_TEST(detector.tracks(domain(3)));
}

BOOST_AUTO_TEST_SUITE_END()
