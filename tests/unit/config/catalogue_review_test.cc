#include "config/catalogue_review.h"

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <map>

#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "support/temp_file.h"

// Issue 16: the shipped catalogue names the services a UK school decides about, each with its owner and the
// source of every entry; overlaps are decided by the longest suffix; `catalogue check` finds the mistakes.
namespace {

using schoolgate::classifiers::kNoService;
using schoolgate::test::TempFile;

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";

std::shared_ptr<const schoolgate::config::CompiledPolicy> compiled_shipped() {
    auto read = schoolgate::config::yaml::read_catalogue_with(kCatalogue, "");
    BOOST_REQUIRE(read.errors.empty());
    auto compiled = schoolgate::config::compile_policy(std::move(read.model));
    BOOST_REQUIRE(compiled.ok());
    return compiled.value();
}

std::vector<std::string> messages(const schoolgate::config::ConfigErrors& errors) {
    std::vector<std::string> text;
    for (const auto& e : errors) text.push_back(e.path + ": " + e.message);
    return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(CatalogueReviewTest)

BOOST_AUTO_TEST_CASE(the_shipped_catalogue_names_every_service_of_the_issue_with_an_owner_and_sources) {
    auto read = schoolgate::config::yaml::read_catalogue_with(kCatalogue, "");
    BOOST_REQUIRE(read.errors.empty());
    const auto& model = read.model;
    std::vector<std::string> ids;
    for (const auto& s : model.services) {
        ids.push_back(s.definition.name);
        BOOST_TEST(!s.definition.owner.empty(), s.definition.name << " has no owner");
        BOOST_TEST(!s.definition.domains.empty(), s.definition.name << " has no domains");
    }
    BOOST_TEST(ids == (std::vector<std::string>{"facebook", "instagram", "x", "threads", "whatsapp", "tiktok", "snapchat",
                                                "telegram", "discord", "youtube", "reddit", "bluesky", "pinterest", "twitch",
                                                "tumblr", "linkedin", "signal", "soundcloud", "bereal", "yubo", "wechat", "kick"}),
               boost::test_tools::per_element());
    BOOST_TEST(!model.catalogue.version.empty());
    BOOST_TEST(model.catalogue.date == "2026-12-07");
    const auto review = schoolgate::config::review_catalogue(model, true);
    BOOST_TEST(messages(review.errors) == std::vector<std::string>{}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_shipped_groups_are_social_media_messaging_and_video) {
    const auto policy = compiled_shipped();
    auto read = schoolgate::config::yaml::read_catalogue_with(kCatalogue, "");
    std::map<std::string, std::vector<std::string>> groups;
    for (const auto& g : read.model.groups) groups[g.name] = g.members;
    BOOST_TEST(groups.size() == 3u);
    BOOST_TEST(groups["social-media"].size() == policy->catalogue().size());
    BOOST_TEST(groups["messaging"] == (std::vector<std::string>{"whatsapp", "telegram", "signal", "discord", "wechat"}),
               boost::test_tools::per_element());
    BOOST_TEST(groups["video"] == (std::vector<std::string>{"youtube", "tiktok", "twitch", "kick"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(overlaps_are_decided_by_the_longest_suffix_and_shared_parents_stay_unnamed) {
    const auto policy = compiled_shipped();
    const auto& c = policy->catalogue();
    const auto named = [&](const char* host) { return std::string{c.name(c.match_host(host))}; };
    BOOST_TEST(named("youtubei.googleapis.com") == "youtube");
    BOOST_TEST(named("fonts.googleapis.com") == "");
    BOOST_TEST(named("classroom.google.com") == "");
    BOOST_TEST(named("long.weixin.qq.com") == "wechat");
    BOOST_TEST(named("v.qq.com") == "");
    BOOST_TEST(named("p16-tiktok-va.ibyteimg.com") == "tiktok");
    BOOST_TEST(named("p16-capcut-va.ibyteimg.com") == "");
    BOOST_TEST(named("feelinsonice-hrd.appspot.com") == "snapchat");
    BOOST_TEST(named("school-app.appspot.com") == "");
    // Threads' media comes from Instagram's CDN and stays Instagram's (threads lists it under shares:).
    BOOST_TEST(named("www.threads.net") == "threads");
    BOOST_TEST(named("scontent-lhr8-1.cdninstagram.com") == "instagram");
    BOOST_TEST(named("telegraph.co.uk") == "");
    BOOST_TEST(named("kickstarter.com") == "");
    // Addresses: Telegram publishes its own; YouTube and Snapchat share Google's, so none.
    BOOST_TEST(c.name(c.match_address(*schoolgate::net::IpAddress::parse("149.154.167.51"))) == "telegram");
    BOOST_TEST(c.match_address(*schoolgate::net::IpAddress::parse("142.250.180.14")) == kNoService);
    // Meta's addresses say "facebook", and the owner says the four are one company's.
    BOOST_TEST(c.name(c.match_address(*schoolgate::net::IpAddress::parse("157.240.1.35"))) == "facebook");
    for (const char* meta : {"facebook", "instagram", "threads", "whatsapp"}) {
        BOOST_TEST(c.definition(c.find(meta))->owner == "Meta");
    }
    BOOST_TEST(c.definition(c.find("youtube"))->owner == "Google");
}

BOOST_AUTO_TEST_CASE(a_missing_source_an_unknown_reference_and_a_wrong_share_are_mistakes) {
    TempFile catalogue{R"(version: "1"
date: 2026-12-01
references: {site: the company's site}
services:
  chat:
    owner: Example
    domains: [chat.example, chatcdn.example]
    ip_ranges: [192.0.2.0/24]
    sources: {site: [chat.example, other.example], blog: [chatcdn.example]}
  video:
    domains: [video.example, cdn.chat.example]
    sources: {site: [video.example, cdn.chat.example]}
    shares: {chat: [chatcdn.example, nothere.example], nosuch: [x.example]}
)"};
    auto read = schoolgate::config::yaml::read_catalogue_with(catalogue.path(), "");
    BOOST_REQUIRE(read.errors.empty());
    const auto review = schoolgate::config::review_catalogue(read.model, true);
    BOOST_TEST(messages(review.errors) ==
                   (std::vector<std::string>{
                       "services.chat.sources.site: 'other.example' is not one of chat's domains or ranges (a source supports the service's own entries)",
                       "services.chat.sources.blog: 'blog' is not under references: (define it there, with where it is)",
                       "services.chat.sources: range 192.0.2.0/24 has no source (name where it comes from)",
                       "services.video.shares.chat: 'nothere.example' is not one of chat's domains (list the shared domain there)",
                       "services.video.shares.nosuch: 'nosuch' is not a service (shares: names another service and its domains)"}),
               boost::test_tools::per_element());
    BOOST_TEST(messages(review.notes) ==
                   (std::vector<std::string>{"services.video.domains: cdn.chat.example is inside chat.example (chat): the longer "
                                             "suffix decides, so cdn.chat.example and its subdomains are video"}),
               boost::test_tools::per_element());
    // A school's or trust's own services need no sources.
    BOOST_TEST(schoolgate::config::review_catalogue(read.model, false).errors.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_trusts_additions_join_the_catalogue_as_a_policys_would) {
    TempFile additions{R"(references: {trust: the trust's own list}
services:
  roblox: {display_name: Roblox, owner: Roblox, domains: [roblox.com], sources: {trust: [roblox.com]}}
  tiktok: {domains: [tiktok-mirror.example]}
groups:
  video: [youtube, tiktok, twitch, kick, roblox]
)"};
    auto read = schoolgate::config::yaml::read_catalogue_with(kCatalogue, additions.path());
    BOOST_REQUIRE(read.errors.empty());
    BOOST_TEST(schoolgate::config::review_catalogue(read.model, false).errors.empty());
    auto compiled = schoolgate::config::compile_policy(std::move(read.model));
    BOOST_REQUIRE(compiled.ok());
    const auto& c = compiled.value()->catalogue();
    BOOST_TEST(c.name(c.match_host("www.tiktok-mirror.example")) == "tiktok");
    BOOST_TEST(c.name(c.match_host("www.roblox.com")) == "roblox");
    BOOST_TEST(c.size() == 23u);
}

BOOST_AUTO_TEST_SUITE_END()
