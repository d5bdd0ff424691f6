#include "classifiers/services/domain_suffix_matcher.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
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

}  // namespace

BOOST_AUTO_TEST_SUITE(DomainSuffixMatcherTest)

BOOST_DATA_TEST_CASE(matches_whole_labels_and_the_longest_suffix, bdata::make(kMatchCases), c) {
    const auto matcher = make_matcher();
    BOOST_TEST(matcher.match(c.name) == c.expected);
    BOOST_TEST(matcher.matching_suffix(c.name) == c.suffix);
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
    BOOST_TEST(matcher.match("www.facebook.com") == kNoService);
    BOOST_TEST(matcher.matching_suffix("www.facebook.com").empty());
}

BOOST_AUTO_TEST_CASE(longest_name_is_walked_label_by_label) {
    DomainSuffixMatcher matcher;
    matcher.add("example", kFacebook);
    std::string name;
    for (int i = 0; i < 126; ++i) name += "a.";
    name += "example";  // 127 labels, 259 bytes: longer than any valid name, still answered
    BOOST_TEST(matcher.match(name) == kFacebook);
}

BOOST_AUTO_TEST_SUITE_END()
