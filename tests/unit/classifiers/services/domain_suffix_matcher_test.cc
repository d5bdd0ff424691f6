#include "classifiers/services/domain_suffix_matcher.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::classifiers::kNoService;
using schoolgate::classifiers::ServiceId;
using schoolgate::classifiers::services::DomainSuffixMatcher;

constexpr ServiceId kFacebook = 1;
constexpr ServiceId kGoogle = 2;
constexpr ServiceId kGoogleMail = 3;
constexpr ServiceId kClassroom = 4;

DomainSuffixMatcher make_matcher() {
    DomainSuffixMatcher matcher;
    matcher.add("facebook.com", kFacebook);
    matcher.add("google.com", kGoogle);
    matcher.add("mail.google.com", kGoogleMail);
    matcher.add("classroom.google.com", kClassroom);
    return matcher;
}

struct MatchCase {
    const char* name;
    ServiceId expected;
    const char* suffix;
};

std::ostream& operator<<(std::ostream& out, const MatchCase& c) { return out << c.name; }

const std::vector<MatchCase> kMatchCases{
    // Whole labels only.
    {"facebook.com", kFacebook, "facebook.com"},
    {"www.facebook.com", kFacebook, "facebook.com"},
    {"a.b.c.facebook.com", kFacebook, "facebook.com"},
    {"notfacebook.com", kNoService, ""},
    {"myfacebook.com", kNoService, ""},
    {"facebook.com.evil.example", kNoService, ""},
    {"facebook.co", kNoService, ""},
    {"acebook.com", kNoService, ""},
    {"com", kNoService, ""},
    {"", kNoService, ""},
    // The longest listed suffix wins.
    {"google.com", kGoogle, "google.com"},
    {"docs.google.com", kGoogle, "google.com"},
    {"mail.google.com", kGoogleMail, "mail.google.com"},
    {"inbox.mail.google.com", kGoogleMail, "mail.google.com"},
    {"classroom.google.com", kClassroom, "classroom.google.com"},
    {"xclassroom.google.com", kGoogle, "google.com"},
    {"mail.google.com.evil.example", kNoService, ""},
};

// The straightforward matcher the flat table replaced: a hash map of suffixes, walked from the whole name
// towards its last label; the first hit is the longest suffix.
struct Reference {
    std::unordered_map<std::string, ServiceId> suffixes;

    bool add(const std::string& suffix, ServiceId service) { return suffixes.emplace(suffix, service).second; }
    std::optional<std::string> matching_suffix(std::string_view name) const {
        while (!name.empty()) {
            if (suffixes.count(std::string{name})) return std::string{name};
            const auto dot = name.find('.');
            if (dot == std::string_view::npos) break;
            name.remove_prefix(dot + 1);
        }
        return std::nullopt;
    }
};

// Names from a small alphabet of labels, so that suffixes are shared and nest; with empty labels, leading
// and trailing dots, labels of 7, 8, 9 and 63 bytes (around the hash's word size) and near-misses.
class Names {
public:
    explicit Names(std::uint64_t seed) : rng_(seed) {}
    std::string name(std::size_t max_labels) {
        static const std::vector<std::string> kLabels{
            "com", "co", "uk", "net", "example", "facebook", "www", "cdn", "a", "b", "ab", "ba", "x-y", "x_y",
            "1", "0", "aaaaaaa", "aaaaaaaa", "aaaaaaaaa", "abcdefgh", "abcdefghi", "", std::string(63, 'q'),
            std::string(63, 'r'), "xn--bcher-kva", "com0", "co.m"};
        const std::size_t labels = 1 + rng_() % max_labels;
        std::string text;
        for (std::size_t i = 0; i < labels; ++i) {
            if (i) text += '.';
            text += kLabels[rng_() % kLabels.size()];
        }
        if (rng_() % 50 == 0) text = "." + text;
        if (rng_() % 50 == 0) text += ".";
        return text;
    }
    std::mt19937_64& rng() { return rng_; }

private:
    std::mt19937_64 rng_;
};

struct SeedCase {
    std::uint64_t names;
    std::optional<std::uint64_t> matcher;  ///< none: the matcher draws its own
};
std::ostream& operator<<(std::ostream& out, const SeedCase& c) {
    return out << c.names << "/" << (c.matcher ? std::to_string(*c.matcher) : "random");
}
const std::vector<SeedCase> kSeeds{{1, 0}, {2, 1}, {3, 0x5eed}, {4, std::nullopt}, {5, std::nullopt}};

}  // namespace

BOOST_AUTO_TEST_SUITE(DomainSuffixMatcherTest)

BOOST_DATA_TEST_CASE(matches_whole_labels_and_the_longest_suffix, bdata::make(kMatchCases), c) {
    const auto matcher = make_matcher();
    BOOST_TEST(matcher.match(c.name) == c.expected);
    BOOST_TEST(matcher.matching_suffix(c.name) == c.suffix);
}

BOOST_DATA_TEST_CASE(agrees_with_a_hash_map_walked_label_by_label, bdata::make(kSeeds), seeds) {
    Names names{seeds.names};
    DomainSuffixMatcher matcher = seeds.matcher ? DomainSuffixMatcher{*seeds.matcher} : DomainSuffixMatcher{};
    Reference reference;
    for (int i = 0; i < 4000; ++i) {
        const std::string suffix = names.name(4);
        const auto service = static_cast<ServiceId>(1 + names.rng()() % 500);
        const bool fits = suffix.size() <= DomainSuffixMatcher::kMaxSuffixBytes;
        BOOST_TEST(matcher.add(suffix, service) == (fits && reference.add(suffix, service)), suffix);
    }
    BOOST_TEST(matcher.size() == reference.suffixes.size());
    std::size_t hits = 0;
    for (int q = 0; q < 30000; ++q) {
        const std::string name = names.name(8);
        const auto expected = reference.matching_suffix(name);
        const auto suffix = matcher.matching_suffix(name);
        BOOST_TEST(suffix == expected.value_or(""), name);
        BOOST_TEST(matcher.match(name) == (expected ? reference.suffixes.at(*expected) : kNoService), name);
        if (!suffix.empty()) {
            BOOST_TEST((suffix.data() + suffix.size() == name.data() + name.size()));  // a view into the name
            ++hits;
        }
    }
    BOOST_TEST(hits > 10000u);  // the workload exercises hits, not only misses
}

BOOST_AUTO_TEST_CASE(repeated_suffix_keeps_its_first_service) {
    DomainSuffixMatcher matcher;
    BOOST_TEST(matcher.add("facebook.com", kFacebook));
    BOOST_TEST(!matcher.add("facebook.com", kGoogle));
    BOOST_TEST(matcher.size() == 1u);
    BOOST_TEST(matcher.match("www.facebook.com") == kFacebook);
}

BOOST_AUTO_TEST_CASE(empty_matcher_matches_nothing) {
    const DomainSuffixMatcher matcher;
    BOOST_TEST(matcher.size() == 0u);
    BOOST_TEST(matcher.memory_bytes() == 0u);
    BOOST_TEST(matcher.match("www.facebook.com") == kNoService);
    BOOST_TEST(matcher.matching_suffix("www.facebook.com").empty());
}

BOOST_AUTO_TEST_CASE(an_empty_suffix_is_counted_but_never_matches) {
    DomainSuffixMatcher matcher;
    BOOST_TEST(matcher.add("", kFacebook));
    BOOST_TEST(!matcher.add("", kGoogle));
    BOOST_TEST(matcher.size() == 1u);
    BOOST_TEST(matcher.match("") == kNoService);
    BOOST_TEST(matcher.match("com.") == kNoService);
    BOOST_TEST(matcher.match(".") == kNoService);
}

BOOST_AUTO_TEST_CASE(a_suffix_over_the_limit_is_refused) {
    DomainSuffixMatcher matcher;
    const std::string huge(DomainSuffixMatcher::kMaxSuffixBytes + 1, 'a');
    BOOST_TEST(!matcher.add(huge, kFacebook));
    BOOST_TEST(matcher.size() == 0u);
    const std::string largest(DomainSuffixMatcher::kMaxSuffixBytes, 'a');
    BOOST_TEST(matcher.add(largest, kFacebook));
    BOOST_TEST(matcher.match("www." + largest) == kFacebook);
    BOOST_TEST(matcher.matching_suffix("www." + largest) == largest);
}

BOOST_AUTO_TEST_CASE(longest_name_is_walked_label_by_label) {
    DomainSuffixMatcher matcher;
    matcher.add("example", kFacebook);
    std::string name;
    for (int i = 0; i < 126; ++i) name += "a.";
    name += "example";  // 127 labels, 259 bytes: longer than any valid name, still answered
    BOOST_TEST(matcher.match(name) == kFacebook);
}

BOOST_AUTO_TEST_CASE(names_longer_than_any_listed_suffix_still_find_the_longest) {
    // A listed suffix has at most 255 bytes, so at most 256 labels (empty ones included); the walk over a
    // longer name stops there, and still finds every suffix that could be listed.
    const auto labels = [](int count) {
        std::string text;
        for (int i = 0; i < count - 1; ++i) text += "a.";
        return text + "example";
    };
    DomainSuffixMatcher matcher;
    matcher.add("example", kFacebook);
    matcher.add(labels(10), kGoogle);
    BOOST_TEST(matcher.match(labels(300)) == kGoogle);
    matcher.add(labels(125), kGoogleMail);  // 255 bytes: the longest that can be listed
    BOOST_TEST(labels(125).size() == DomainSuffixMatcher::kMaxSuffixBytes);
    BOOST_TEST(matcher.match(labels(300)) == kGoogleMail);
    BOOST_TEST(matcher.matching_suffix(labels(300)) == labels(125));
    BOOST_TEST(matcher.match(labels(124)) == kGoogle);

    const std::string dots(255, '.');  // 256 empty labels, 255 bytes
    BOOST_TEST(matcher.add(dots, kClassroom));
    BOOST_TEST(matcher.match("." + dots) == kClassroom);
    BOOST_TEST(matcher.match(".." + dots) == kClassroom);
    BOOST_TEST(matcher.match("x" + dots) == kNoService);  // its suffixes after a dot have at most 254 dots
}

BOOST_AUTO_TEST_CASE(reserve_then_add_a_big_list) {
    DomainSuffixMatcher matcher{42};
    constexpr int kNames = 200000;
    std::vector<std::string> names;
    for (int i = 0; i < kNames; ++i) {
        // Every third name is longer than a slot holds, so the arena is used too.
        names.push_back((i % 3 ? "d" : "a-rather-long-label-d") + std::to_string(i) + ".blk" + std::to_string(i % 1000) + ".test");
    }
    matcher.reserve(names);
    const auto before = matcher.memory_bytes();
    for (int i = 0; i < kNames; ++i) BOOST_TEST_REQUIRE(matcher.add(names[i], static_cast<ServiceId>(1 + i % 7)));
    BOOST_TEST(matcher.memory_bytes() == before);  // nothing grew: the reservation was enough
    BOOST_TEST(matcher.size() == static_cast<std::size_t>(kNames));
    int wrong = 0;
    for (int i = 0; i < kNames; i += 13) {
        if (matcher.match("www." + names[i]) != 1 + i % 7) ++wrong;
        if (matcher.match("x" + names[i]) != kNoService) ++wrong;
    }
    BOOST_TEST(wrong == 0);
}

BOOST_AUTO_TEST_SUITE_END()
