#include "classifiers/services/service_catalogue.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

using schoolgate::classifiers::kNoService;
using schoolgate::classifiers::services::ServiceCatalogue;
using schoolgate::classifiers::services::ServiceDefinition;
using schoolgate::net::Cidr;
using schoolgate::net::IpAddress;

Cidr cidr(const char* text) { return Cidr::parse(text).value(); }
IpAddress ip(const char* text) { return *IpAddress::parse(text); }

ServiceDefinition service(std::string name, std::vector<std::string> domains, std::vector<Cidr> ranges = {}) {
    ServiceDefinition definition;
    definition.display_name = name + " (display)";
    definition.name = std::move(name);
    definition.domains = std::move(domains);
    definition.ip_ranges = std::move(ranges);
    return definition;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ServiceCatalogueTest)

BOOST_AUTO_TEST_CASE(services_get_ids_in_order_and_match_by_name_domain_and_address) {
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    const auto facebook =
        catalogue.add(service("facebook", {"facebook.com", "fbcdn.net"}, {cidr("157.240.0.0/16")}), conflicts);
    const auto instagram = catalogue.add(service("instagram", {"instagram.com", "cdninstagram.com"}), conflicts);
    BOOST_TEST(conflicts.empty());
    BOOST_TEST(facebook == 1);
    BOOST_TEST(instagram == 2);
    BOOST_TEST(catalogue.size() == 2u);

    BOOST_TEST(catalogue.find("instagram") == instagram);
    BOOST_TEST(catalogue.find("tiktok") == kNoService);
    BOOST_TEST(catalogue.name(facebook) == "facebook");
    BOOST_TEST(catalogue.name(kNoService) == "");
    BOOST_TEST(catalogue.name(3) == "");
    BOOST_REQUIRE(catalogue.definition(instagram) != nullptr);
    BOOST_TEST(catalogue.definition(instagram)->display_name == "instagram (display)");
    BOOST_TEST(catalogue.definition(kNoService) == nullptr);

    BOOST_TEST(catalogue.match_host("scontent.cdninstagram.com") == instagram);
    BOOST_TEST(catalogue.matching_domain("scontent.cdninstagram.com") == "cdninstagram.com");
    BOOST_TEST(catalogue.match_host("notfacebook.com") == kNoService);
    BOOST_TEST(catalogue.match_address(ip("157.240.1.1")) == facebook);
    BOOST_TEST(catalogue.match_address(ip("192.0.2.1")) == kNoService);
}

// Issue 15, item 5: "twitter" is x's other name; found as an alias, never as a service name.
BOOST_AUTO_TEST_CASE(an_alias_names_its_service_but_is_not_a_name) {
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    auto definition = service("x", {"x.com", "twitter.com"});
    definition.aliases = {"twitter"};
    const auto x = catalogue.add(std::move(definition), conflicts);
    BOOST_TEST(catalogue.find_alias("twitter") == x);
    BOOST_TEST(catalogue.find("twitter") == kNoService);
    BOOST_TEST(catalogue.find_alias("x") == kNoService);
    BOOST_TEST(catalogue.definition(x)->aliases == std::vector<std::string>{"twitter"});
}

BOOST_AUTO_TEST_CASE(conflicts_are_reported_and_the_first_owner_kept) {
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    const auto facebook =
        catalogue.add(service("facebook", {"facebook.com"}, {cidr("157.240.0.0/16")}), conflicts);
    const auto copycat = catalogue.add(
        service("copycat", {"www.facebook.com", "facebook.com"}, {cidr("157.240.0.0/16"), cidr("2a03:2880::/32")}),
        conflicts);
    BOOST_TEST(conflicts == (std::vector<std::string>{
                                "domain facebook.com is listed for facebook and copycat",
                                "range 157.240.0.0/16 is listed twice (second time for copycat)",
                            }),
               boost::test_tools::per_element());
    // The second service still exists and keeps what did not conflict.
    BOOST_TEST(copycat == 2);
    BOOST_TEST(catalogue.match_host("facebook.com") == facebook);
    BOOST_TEST(catalogue.match_host("www.facebook.com") == copycat);
    BOOST_TEST(catalogue.match_address(ip("157.240.1.1")) == facebook);
    BOOST_TEST(catalogue.match_address(ip("2a03:2880::1")) == copycat);
}

BOOST_AUTO_TEST_CASE(conflicts_are_appended_not_replaced) {
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts{"earlier problem"};
    catalogue.add(service("a", {"a.example"}), conflicts);
    catalogue.add(service("b", {"a.example"}), conflicts);
    BOOST_TEST(conflicts == (std::vector<std::string>{"earlier problem", "domain a.example is listed for a and b"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_domain_repeated_within_one_service_names_that_service_once) {
    // The bug: the service was named only after its domains were added, so the message read "listed for  and b".
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    catalogue.add(service("b", {"b.example", "www.b.example", "b.example"}), conflicts);
    BOOST_TEST(conflicts == (std::vector<std::string>{"domain b.example is listed twice for b"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_lists_live_in_the_matchers_only_and_are_counted) {
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    ServiceDefinition facebook = service("facebook", {"facebook.com", "fbcdn.net"}, {cidr("157.240.0.0/16")});
    facebook.ndpi_protocols = {"Facebook"};
    const auto id = catalogue.add(std::move(facebook), conflicts);
    const auto* stored = catalogue.definition(id);
    BOOST_REQUIRE(stored != nullptr);
    BOOST_TEST(stored->domains.empty());
    BOOST_TEST(stored->ip_ranges.empty());
    BOOST_TEST(stored->ndpi_protocols == std::vector<std::string>{"Facebook"}, boost::test_tools::per_element());
    BOOST_TEST(catalogue.domain_count(id) == 2u);
    BOOST_TEST(catalogue.range_count(id) == 1u);
    BOOST_TEST(catalogue.domain_count(kNoService) == 0u);
    BOOST_TEST(catalogue.range_count(7) == 0u);
    BOOST_TEST(catalogue.match_host("static.xx.fbcdn.net") == id);
    BOOST_TEST(catalogue.matcher_bytes() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
