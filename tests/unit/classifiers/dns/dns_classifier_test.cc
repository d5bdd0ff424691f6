#include "classifiers/dns/dns_classifier.h"

#include <algorithm>
#include <array>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "support/dns_message_builder.h"

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::classifiers::Anomaly;
using schoolgate::classifiers::ClassifierContext;
using schoolgate::classifiers::Direction;
using schoolgate::classifiers::HostSource;
using schoolgate::classifiers::InspectStatus;
using schoolgate::classifiers::Observations;
using schoolgate::classifiers::dns::AddressNameCache;
using schoolgate::classifiers::dns::DnsClassifier;
using schoolgate::net::IpAddress;
using schoolgate::test::DnsMessageBuilder;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint64_t kNow = 1'700'000'000'000'000;
constexpr Direction kClient = Direction::ClientToServer;
constexpr Direction kServer = Direction::ServerToClient;

Bytes query_for(std::string_view name, std::uint16_t id = 1) {
    return DnsMessageBuilder{}.id(id).question(name).build();
}

Bytes response_for(std::string_view name, std::array<std::uint8_t, 4> v4, std::uint16_t id = 1) {
    return DnsMessageBuilder{}
        .id(id)
        .response()
        .compress()
        .question(name)
        .answer_cname(name, "edge.cdn.example", 3600)
        .answer_a("edge.cdn.example", v4, 60)
        .answer_aaaa("edge.cdn.example", {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, v4[3]}, 60)
        .build();
}

Bytes concat(const Bytes& a, const Bytes& b) {
    Bytes out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

std::string cached(const AddressNameCache& cache, const char* address) {
    return std::string(cache.lookup(*IpAddress::parse(address), kNow).value_or("<none>"));
}

bool has_anomaly(const Observations& observations, Anomaly anomaly) {
    return std::find(observations.anomalies.begin(), observations.anomalies.end(), anomaly) !=
           observations.anomalies.end();
}

// One flow's classifier with the worker state it borrows.
struct Flow {
    AddressNameCache cache{64};
    ClassifierContext context{cache, kNow};
    DnsClassifier classifier;
    Observations observations;

    InspectStatus datagram(Direction direction, const Bytes& payload) {
        return classifier.on_datagram(direction, payload, observations, context);
    }
    InspectStatus stream(Direction direction, std::span<const std::uint8_t> bytes,
                         std::vector<std::uint32_t> segments = {}) {
        if (segments.empty()) segments.push_back(static_cast<std::uint32_t>(bytes.size()));
        return classifier.on_stream(direction, bytes, segments, observations, context);
    }
};

const Bytes kTwoQueries = concat(DnsMessageBuilder::tcp_frame(query_for("www.example.com", 1)),
                                 DnsMessageBuilder::tcp_frame(query_for("mail.example.com", 2)));
const Bytes kTwoResponses =
    concat(DnsMessageBuilder::tcp_frame(response_for("www.example.com", {192, 0, 2, 1}, 1)),
           DnsMessageBuilder::tcp_frame(response_for("mail.example.com", {192, 0, 2, 2}, 2)));

}  // namespace

BOOST_AUTO_TEST_SUITE(DnsClassifierTest)

BOOST_AUTO_TEST_CASE(udp_query_names_the_flow_and_response_fills_the_cache) {
    Flow flow;
    BOOST_TEST((flow.datagram(kClient, query_for("www.example.com")) == InspectStatus::NeedMore));
    BOOST_TEST(flow.observations.host == "www.example.com");
    BOOST_TEST((flow.observations.host_source == HostSource::Dns));
    BOOST_TEST(flow.observations.classifier == "dns");

    // A conversation: the socket's next query may ask for anything, so the answer does not end it.
    BOOST_TEST((flow.datagram(kServer, response_for("www.example.com", {192, 0, 2, 7})) == InspectStatus::NeedMore));
    BOOST_TEST(flow.observations.conversation);
    BOOST_TEST(flow.observations.verdict_per_message);
    BOOST_TEST(cached(flow.cache, "192.0.2.7") == "www.example.com");
    BOOST_TEST(cached(flow.cache, "2001:db8::7") == "www.example.com");
    BOOST_TEST(flow.cache.size() == 2u);
    BOOST_TEST(flow.observations.anomalies.empty());
}

BOOST_AUTO_TEST_CASE(upper_case_name_with_trailing_dot_is_normalised) {
    Flow flow;
    flow.datagram(kClient, query_for("WWW.Example.COM."));
    BOOST_TEST(flow.observations.host == "www.example.com");
    flow.datagram(kServer, response_for("WWW.Example.COM.", {192, 0, 2, 9}));
    BOOST_TEST(cached(flow.cache, "192.0.2.9") == "www.example.com");
}

BOOST_AUTO_TEST_CASE(invalid_query_name_is_an_anomaly_and_names_nothing) {
    Flow flow;
    const Bytes query = DnsMessageBuilder{}.counts(1, 0).raw({4, 'b', 'a', 'd', ' ', 0, 0, 1, 0, 1}).build();
    BOOST_TEST((flow.datagram(kClient, query) == InspectStatus::NeedMore));
    BOOST_TEST(flow.observations.host.empty());
    BOOST_TEST((flow.observations.host_source == HostSource::None));
    BOOST_TEST(has_anomaly(flow.observations, Anomaly::DnsNameInvalid));
}

// A single label holding "facebook.com" (dot included) is not the name facebook.com: it must never be
// named as (or pass for) that service.
BOOST_AUTO_TEST_CASE(dot_inside_one_label_is_not_a_dotted_name) {
    Flow flow;
    const Bytes query = DnsMessageBuilder{}
                            .counts(1, 0)
                            .raw({12, 'f', 'a', 'c', 'e', 'b', 'o', 'o', 'k', '.', 'c', 'o', 'm', 0, 0, 1, 0, 1})
                            .build();
    flow.datagram(kClient, query);
    BOOST_TEST(flow.observations.host.empty());
    BOOST_TEST(has_anomaly(flow.observations, Anomaly::DnsNameInvalid));
}

BOOST_AUTO_TEST_CASE(malformed_datagram_is_noted_and_ends_the_flow) {
    Flow flow;
    const Bytes looping = DnsMessageBuilder{}.counts(1, 0).raw({0xc0, 0x0c, 0, 1, 0, 1}).build();
    BOOST_TEST((flow.datagram(kClient, looping) == InspectStatus::Done));
    BOOST_TEST(has_anomaly(flow.observations, Anomaly::DnsCompressionLoop));
    BOOST_TEST(flow.observations.host.empty());
}

// Every query is a message of its own (issue 14: only the first used to name the flow, so a later query
// for a blocked name on the same socket was never decided).
BOOST_AUTO_TEST_CASE(every_query_is_a_message_and_unsolicited_answers_are_ignored) {
    Flow flow;
    BOOST_TEST((flow.datagram(kServer, response_for("early.example", {192, 0, 2, 3})) == InspectStatus::NeedMore));
    flow.datagram(kClient, query_for("www.example.com", 1));
    flow.datagram(kClient, query_for("other.example", 2));
    BOOST_TEST(flow.observations.host == "other.example");  // the latest query's name
    BOOST_TEST(flow.observations.messages == 2u);
    BOOST_TEST_REQUIRE(flow.observations.new_messages.size() == 2u);
    BOOST_TEST(flow.observations.new_messages[0].host == "www.example.com");
    BOOST_TEST(flow.observations.new_messages[1].host == "other.example");
    BOOST_TEST((flow.datagram(kServer, response_for("www.example.com", {192, 0, 2, 1}, 1)) ==
                InspectStatus::NeedMore));
    BOOST_TEST((flow.datagram(kServer, response_for("other.example", {192, 0, 2, 2}, 2)) == InspectStatus::NeedMore));
    BOOST_TEST(cached(flow.cache, "192.0.2.2") == "other.example");
    BOOST_TEST(cached(flow.cache, "192.0.2.3") == "<none>");  // unsolicited: not trusted
}

BOOST_AUTO_TEST_CASE(non_query_opcodes_and_client_responses_are_not_counted) {
    Flow flow;
    BOOST_TEST((flow.datagram(kClient, DnsMessageBuilder{}.opcode(4).question("notify.example").build()) ==
                InspectStatus::NeedMore));
    BOOST_TEST((flow.datagram(kClient, response_for("spoof.example", {192, 0, 2, 4})) == InspectStatus::NeedMore));
    BOOST_TEST(flow.observations.host.empty());
    BOOST_TEST(flow.cache.size() == 0u);
}

BOOST_DATA_TEST_CASE(tcp_client_stream_split_at_every_byte_still_counts_both_queries,
                     bdata::xrange<std::size_t>(1, kTwoQueries.size()), split) {
    Flow flow;
    const std::span<const std::uint8_t> all{kTwoQueries};
    BOOST_TEST((flow.stream(kClient, all.first(split)) == InspectStatus::NeedMore));
    BOOST_TEST((flow.stream(kClient, all, {static_cast<std::uint32_t>(split),
                                           static_cast<std::uint32_t>(all.size() - split)}) ==
                InspectStatus::NeedMore));
    BOOST_TEST(flow.observations.host == "mail.example.com");
    BOOST_TEST(flow.observations.messages == 2u);  // both queries, each once, wherever the split fell
    const std::span<const std::uint8_t> responses{kTwoResponses};
    const std::size_t first_length = 2 + ((std::size_t{responses[0]} << 8) | responses[1]);
    BOOST_TEST((flow.stream(kServer, responses.first(first_length)) == InspectStatus::NeedMore));
    BOOST_TEST((flow.stream(kServer, responses) == InspectStatus::NeedMore));
    BOOST_TEST(flow.observations.anomalies.empty());
}

BOOST_DATA_TEST_CASE(tcp_server_stream_split_at_every_byte_fills_the_cache,
                     bdata::xrange<std::size_t>(1, kTwoResponses.size()), split) {
    Flow flow;
    BOOST_TEST((flow.stream(kClient, kTwoQueries) == InspectStatus::NeedMore));
    const std::span<const std::uint8_t> all{kTwoResponses};
    BOOST_TEST((flow.stream(kServer, all.first(split)) == InspectStatus::NeedMore));
    BOOST_TEST((flow.stream(kServer, all) == InspectStatus::NeedMore));
    BOOST_TEST(cached(flow.cache, "192.0.2.1") == "www.example.com");
    BOOST_TEST(cached(flow.cache, "192.0.2.2") == "mail.example.com");
    BOOST_TEST(cached(flow.cache, "2001:db8::2") == "mail.example.com");
}

BOOST_AUTO_TEST_CASE(tcp_zero_length_message_is_malformed) {
    Flow flow;
    const Bytes stream{0x00, 0x00};
    BOOST_TEST((flow.stream(kClient, stream) == InspectStatus::Done));
    BOOST_TEST(has_anomaly(flow.observations, Anomaly::DnsTruncated));
}

BOOST_AUTO_TEST_CASE(tcp_malformed_message_ends_the_flow) {
    Flow flow;
    const Bytes bad = DnsMessageBuilder{}.counts(9, 0).build();
    BOOST_TEST((flow.stream(kClient, DnsMessageBuilder::tcp_frame(bad)) == InspectStatus::Done));
    BOOST_TEST(has_anomaly(flow.observations, Anomaly::DnsTooManyRecords));
}

BOOST_AUTO_TEST_CASE(registry_factory_creates_a_dns_classifier) {
    auto classifier = DnsClassifier::create();
    BOOST_TEST((dynamic_cast<DnsClassifier*>(classifier.get()) != nullptr));
}

BOOST_AUTO_TEST_SUITE_END()
