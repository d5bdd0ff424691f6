#include "classifiers/proxy/socks_classifier.h"

#include <boost/test/unit_test.hpp>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/proxy/socks_request_parser.h"
#include "support/classifier_test_text.h"

namespace {

using namespace schoolgate::classifiers;
using schoolgate::test::Bytes;
using schoolgate::test::status_name;

constexpr Direction kClient = Direction::ClientToServer;

struct Worker {
    dns::AddressNameCache cache{16};
    ClassifierContext context{cache, 1'700'000'000'000'000};
};

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& part : parts) {
        for (const auto byte : part) out.push_back(byte);
    }
    return out;
}

Bytes socks5_request_for(std::string_view name, std::uint16_t port) {
    Bytes request{5, 1, 0, 3, static_cast<std::uint8_t>(name.size())};
    for (const char c : name) request.push_back(static_cast<std::uint8_t>(c));
    request.push_back(static_cast<std::uint8_t>(port >> 8));
    request.push_back(static_cast<std::uint8_t>(port & 0xff));
    return request;
}

const Bytes kGreeting{5, 1, 0};

struct Fed {
    Observations observations;
    InspectStatus status;
};

Fed feed_stream(const Bytes& stream) {
    Worker worker;
    FlowInspector flow{Transport::Tcp, 1080};
    flow.on_tcp_syn(kClient, 1);
    auto status = flow.on_tcp_segment(kClient, 2, stream, worker.context);
    return {flow.observations(), status};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(SocksClassifierTest)

BOOST_AUTO_TEST_CASE(socks5_name_is_the_flow_name) {
    Worker worker;
    FlowInspector flow{Transport::Tcp, 1080};
    flow.on_tcp_syn(kClient, 1);
    BOOST_TEST(status_name(flow.on_tcp_segment(kClient, 2, kGreeting, worker.context)) == "NeedMore");
    BOOST_TEST(flow.classifier_name() == "socks");
    BOOST_TEST(flow.observations().techniques.empty());  // a greeting alone is not yet worth an event
    const auto request = socks5_request_for("WWW.Instagram.com", 443);
    BOOST_TEST(status_name(flow.on_tcp_segment(kClient, 2 + 3, request, worker.context)) == "Done");
    const auto& seen = flow.observations();
    BOOST_TEST(seen.host == "www.instagram.com");
    BOOST_TEST(host_source_name(seen.host_source) == "socks");
    BOOST_REQUIRE(seen.techniques.size() == 1u);
    BOOST_TEST(technique_name(seen.techniques[0].technique) == "proxy.socks");
    BOOST_TEST(confidence_name(seen.techniques[0].confidence) == "high");
    BOOST_TEST(seen.techniques[0].evidence == "SOCKS5 CONNECT to www.instagram.com:443");
}

BOOST_AUTO_TEST_CASE(socks5_username_password_is_skipped_never_kept) {
    const Bytes greeting{5, 1, 2};
    const Bytes auth{1, 5, 'p', 'u', 'p', 'i', 'l', 6, 's', 'e', 'c', 'r', 'e', 't'};
    const auto fed = feed_stream(concat({greeting, auth, socks5_request_for("x.com", 443)}));
    BOOST_TEST(fed.observations.host == "x.com");
    BOOST_TEST(fed.observations.techniques.front().evidence.find("secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(socks4_and_socks4a) {
    const Bytes socks4{4, 1, 0x01, 0xbb, 203, 0, 113, 10, 'u', 0};
    auto fed = feed_stream(socks4);
    BOOST_TEST(fed.observations.host == "203.0.113.10");
    BOOST_TEST(fed.observations.techniques.front().evidence == "SOCKS4 CONNECT to 203.0.113.10:443");

    const Bytes socks4a{4, 1, 0x01, 0xbb, 0, 0, 0, 1, 0, 'f', 'a', 'c', 'e', 'b', 'o', 'o', 'k', '.', 'c', 'o', 'm', 0};
    fed = feed_stream(socks4a);
    BOOST_TEST(fed.observations.host == "facebook.com");
    BOOST_TEST(fed.observations.techniques.front().evidence == "SOCKS4a CONNECT to facebook.com:443");
}

BOOST_AUTO_TEST_CASE(socks5_ipv6_target) {
    Bytes request{5, 1, 0, 4};
    const Bytes address{0x2a, 0x03, 0x28, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    request.insert(request.end(), address.begin(), address.end());
    request.push_back(1);
    request.push_back(0xbb);
    const auto fed = feed_stream(concat({kGreeting, request}));
    BOOST_TEST(fed.observations.host == "2a03:2880::1");
}

BOOST_AUTO_TEST_CASE(invalid_socks_name_is_an_anomaly_not_a_host) {
    const auto fed = feed_stream(concat({kGreeting, socks5_request_for("bad name\n{\"forged\":1}", 443)}));
    BOOST_TEST(fed.observations.host.empty());
    BOOST_TEST(schoolgate::test::anomaly_names(fed.observations) == std::vector<std::string>{"socks.target_invalid"},
               boost::test_tools::per_element());
    BOOST_TEST(fed.observations.techniques.front().evidence == "SOCKS5 CONNECT to an invalid name:443");
}

BOOST_AUTO_TEST_CASE(probe_refuses_what_is_not_socks) {
    BOOST_TEST(!proxy::looks_like_socks(Bytes{5, 0, 0}));        // no methods
    BOOST_TEST(!proxy::looks_like_socks(Bytes{5, 1, 0xff}));     // "no acceptable method" is the server's word
    BOOST_TEST(!proxy::looks_like_socks(Bytes{4, 9, 0, 80, 1, 2, 3, 4, 0}));  // command 9
    BOOST_TEST(!proxy::looks_like_socks(Bytes{5, 2}));           // too short to judge
    BOOST_TEST(proxy::looks_like_socks(Bytes{5, 2, 0, 2}));
}

BOOST_AUTO_TEST_CASE(every_prefix_parses_safely) {
    const auto stream = concat({Bytes{5, 1, 2}, Bytes{1, 1, 'a', 1, 'b'}, socks5_request_for("www.facebook.com", 443)});
    for (std::size_t n = 0; n <= stream.size(); ++n) {
        proxy::SocksRequest request;
        const auto result = proxy::parse_socks_request({stream.data(), n}, request);
        BOOST_TEST((n == stream.size() ? result == proxy::SocksParse::Parsed : result == proxy::SocksParse::NeedMore));
    }
}

BOOST_AUTO_TEST_SUITE_END()
