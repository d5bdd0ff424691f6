#include "config/suggest.h"

#include <boost/test/unit_test.hpp>

namespace {
using schoolgate::config::closest_match;
using schoolgate::config::did_you_mean;
using schoolgate::config::one_of;
}  // namespace

BOOST_AUTO_TEST_SUITE(SuggestTest)

BOOST_AUTO_TEST_CASE(the_closest_name_within_two_edits_is_suggested) {
    BOOST_TEST(did_you_mean("pupil-wifii", {"pupil-wifi", "staff-wifi"}) == "did you mean 'pupil-wifi'? ");
    BOOST_TEST(did_you_mean("cohead-c", {"cohead-a", "cohead-b"}) == "did you mean 'cohead-a'? ");
    BOOST_TEST(closest_match("eht0", {"lo", "eth0", "eth1"}) == "eth0");
    BOOST_TEST(did_you_mean("twitter", {"facebook", "instagram", "x"}).empty());
    BOOST_TEST(did_you_mean("anything", {}).empty());
}

BOOST_AUTO_TEST_CASE(names_to_choose_from_read_as_a_sentence) {
    BOOST_TEST(one_of({}) == "");
    BOOST_TEST(one_of({"head"}) == "head");
    BOOST_TEST(one_of({"cohead-a", "cohead-b"}) == "cohead-a or cohead-b");
    BOOST_TEST(one_of({"P1", "P2", "P3"}) == "P1, P2 or P3");
    BOOST_TEST(one_of({"a", "b", "c", "d"}, 3) == "a, b, c, ... (4 in all)");
}

BOOST_AUTO_TEST_SUITE_END()
