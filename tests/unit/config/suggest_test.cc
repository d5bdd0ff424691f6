#include "config/suggest.h"

#include <boost/test/unit_test.hpp>

#include "classifiers/services/service_catalogue.h"

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

BOOST_AUTO_TEST_CASE(a_person_is_found_by_id_or_by_display_name_and_named_by_id) {
    using schoolgate::config::did_you_mean_person;
    const std::vector<schoolgate::config::PersonName> people{{"sjones", "Sarah Jones"}, {"office", "School office"},
                                                             {"head", ""}};
    BOOST_TEST(did_you_mean_person("sjnes", people) == "did you mean 'sjones' (Sarah Jones)? ");
    BOOST_TEST(did_you_mean_person("Sarah Jones", people) == "did you mean 'sjones' (Sarah Jones)? ");
    BOOST_TEST(did_you_mean_person("JONES", people) == "did you mean 'sjones' (Sarah Jones)? ");  // a surname is enough
    BOOST_TEST(did_you_mean_person("school ofice", people) == "did you mean 'office' (School office)? ");
    BOOST_TEST(did_you_mean_person("haed", people) == "did you mean 'head'? ");
    BOOST_TEST(did_you_mean_person("nobody-close", people).empty());
    BOOST_TEST(did_you_mean_person("x", {}).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(SuggestServiceTest)

BOOST_AUTO_TEST_CASE(an_alias_or_a_near_miss_of_one_suggests_its_service) {
    schoolgate::classifiers::services::ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    schoolgate::classifiers::services::ServiceDefinition x;
    x.name = "x";
    x.aliases = {"twitter"};
    catalogue.add(x, conflicts);
    const std::vector<std::string_view> names{"x", "social-media"};
    using schoolgate::config::did_you_mean_service;
    BOOST_TEST(did_you_mean_service("twitter", names, catalogue) == "did you mean 'x'? the catalogue calls twitter 'x'; ");
    BOOST_TEST(did_you_mean_service("twiter", names, catalogue) == "did you mean 'x'? the catalogue calls twitter 'x'; ");
    BOOST_TEST(did_you_mean_service("social-medai", names, catalogue) == "did you mean 'social-media'? ");
    BOOST_TEST(did_you_mean_service("tiktok", names, catalogue) == "");
}

BOOST_AUTO_TEST_SUITE_END()
