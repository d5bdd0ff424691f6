#include "support/classifier_test_text.h"
#include "classifiers/http/http_classifier.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/dns/address_name_cache.h"
#include "classifiers/flow_inspector.h"
#include "classifiers/limits.h"

namespace {

namespace bdata = boost::unit_test::data;
namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::anomaly_name;
using schoolgate::classifiers::ClassifierContext;
using schoolgate::classifiers::Direction;
using schoolgate::classifiers::FlowInspector;
using schoolgate::classifiers::host_source_name;
using schoolgate::classifiers::InspectStatus;
using schoolgate::classifiers::Observations;
using schoolgate::classifiers::Transport;
using schoolgate::classifiers::dns::AddressNameCache;
using schoolgate::classifiers::http::HttpClassifier;
using schoolgate::classifiers::http::looks_like_http_request;
using schoolgate::test::Bytes;
using schoolgate::test::bytes;
using schoolgate::test::status_name;
using schoolgate::test::anomaly_names;

constexpr std::uint64_t kNow = 1'700'000'000'000'000;
constexpr std::uint32_t kIsn = 4242;

// A client connection through the real FlowInspector.
struct HttpFlow {
    AddressNameCache cache{16};
    ClassifierContext context{cache, kNow};
    FlowInspector inspector;
    std::size_t sent = 0;

    explicit HttpFlow(std::uint16_t port = 80) : inspector(Transport::Tcp, port) {
        inspector.on_tcp_syn(Direction::ClientToServer, kIsn);
    }
    InspectStatus send(std::string_view text) {
        const Bytes payload = bytes(text);
        const auto status = inspector.on_tcp_segment(
            Direction::ClientToServer, kIsn + 1 + static_cast<std::uint32_t>(sent), payload, context);
        sent += payload.size();
        return status;
    }
    const Observations& facts() const { return inspector.observations(); }
};

struct NamingCase {
    const char* what;
    std::string request;
    std::string host;
    const char* source;
};

std::ostream& operator<<(std::ostream& out, const NamingCase& c) { return out << c.what; }

const std::vector<NamingCase> kNamingCases{
    {"origin-form with Host", "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n", "www.example.com", "http"},
    {"Host with port", "GET / HTTP/1.1\r\nHost: www.example.com:8080\r\n\r\n", "www.example.com", "http"},
    {"Host upper case with trailing dot", "GET / HTTP/1.1\r\nHost: WWW.Example.COM.\r\n\r\n", "www.example.com",
     "http"},
    {"IPv6 authority", "GET / HTTP/1.1\r\nHost: [2001:DB8::1]:8080\r\n\r\n", "2001:db8::1", "http"},
    {"IPv4 Host", "GET / HTTP/1.1\r\nHost: 192.0.2.10\r\n\r\n", "192.0.2.10", "http"},
    {"CONNECT", "CONNECT x.com:443 HTTP/1.1\r\nHost: x.com:443\r\n\r\n", "x.com", "http_connect"},
    {"CONNECT target wins over Host", "CONNECT x.com:443 HTTP/1.1\r\nHost: other.example\r\n\r\n", "x.com",
     "http_connect"},
    {"CONNECT to an IPv6 literal", "CONNECT [2001:db8::2]:443 HTTP/1.1\r\n\r\n", "2001:db8::2", "http_connect"},
    {"absolute-form", "GET http://www.instagram.com/path HTTP/1.1\r\n\r\n", "www.instagram.com", "http"},
    {"absolute-form wins over Host", "GET http://www.instagram.com:80/p?q HTTP/1.1\r\nHost: decoy.example\r\n\r\n",
     "www.instagram.com", "http"},
    {"absolute-form with query only", "GET http://www.instagram.com?x=1 HTTP/1.1\r\n\r\n", "www.instagram.com",
     "http"},
    {"URL in the path is not a target", "GET /?u=http://evil.example/ HTTP/1.1\r\nHost: good.example\r\n\r\n",
     "good.example", "http"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(HttpClassifierTest)

BOOST_DATA_TEST_CASE(names_the_flow, bdata::make(kNamingCases), c) {
    HttpFlow flow;
    // A keep-alive connection goes on after its request; a CONNECT's goes on as the tunnel's.
    BOOST_TEST(status_name(flow.send(c.request)) == (std::string_view{c.source} == "http_connect" ? "Done" : "NeedMore"));
    BOOST_TEST(flow.inspector.classifier_name() == "http");
    BOOST_TEST(flow.facts().host == c.host);
    BOOST_TEST(host_source_name(flow.facts().host_source) == c.source);
    BOOST_TEST(flow.facts().classifier == "http");
    BOOST_TEST(anomaly_names(flow.facts()).empty());
}

BOOST_AUTO_TEST_CASE(request_in_one_byte_segments) {
    HttpFlow flow;
    const std::string request = "CONNECT www.facebook.com:443 HTTP/1.1\r\nHost: www.facebook.com:443\r\n\r\n";
    for (std::size_t i = 0; i + 1 < request.size(); ++i) {
        BOOST_REQUIRE(status_name(flow.send(request.substr(i, 1))) == "NeedMore");
    }
    BOOST_TEST(status_name(flow.send(request.substr(request.size() - 1))) == "Done");
    BOOST_TEST(flow.facts().host == "www.facebook.com");
    BOOST_TEST(host_source_name(flow.facts().host_source) == "http_connect");
}

// The classifier re-parses only when a line ends or a limit is crossed; a request line that never ends must
// still be refused as too long when the limit is passed, one byte at a time.
BOOST_AUTO_TEST_CASE(endless_request_line_in_one_byte_segments_is_refused_at_the_limit) {
    HttpFlow flow;
    BOOST_REQUIRE(status_name(flow.send("GET /")) == "NeedMore");
    std::string status = "NeedMore";
    std::size_t sent = 5;
    while (status == "NeedMore" && sent <= limits::kMaxHttpRequestLineBytes + 2) {
        status = status_name(flow.send("a"));
        ++sent;
    }
    BOOST_TEST(status == "Done");
    BOOST_TEST(sent == limits::kMaxHttpRequestLineBytes + 2);  // one byte past the limit plus room for CR
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"http.request_line_too_long"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(request_without_host_names_nothing) {
    HttpFlow flow;
    BOOST_TEST(status_name(flow.send("GET / HTTP/1.0\r\n\r\n")) == "NeedMore");
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(host_source_name(flow.facts().host_source) == "none");
    BOOST_TEST(anomaly_names(flow.facts()).empty());
}

BOOST_DATA_TEST_CASE(invalid_host_is_an_anomaly,
                     bdata::make({"GET / HTTP/1.1\r\nHost: bad host\r\n\r\n", "GET / HTTP/1.1\r\nHost:\r\n\r\n",
                                  "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", "CONNECT a..b:443 HTTP/1.1\r\n\r\n",
                                  "GET http:///x HTTP/1.1\r\n\r\n"}),
                     request) {
    HttpFlow flow;
    const bool connect = std::string_view{request}.starts_with("CONNECT");
    BOOST_TEST(status_name(flow.send(request)) == (connect ? "Done" : "NeedMore"));
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"http.host_invalid"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(malformed_request_is_an_anomaly) {
    HttpFlow flow;
    BOOST_TEST(status_name(flow.send("GET / HTTP/1.1\r\nno colon here\r\n\r\n")) == "Done");
    BOOST_TEST(flow.facts().host.empty());
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"http.malformed_request"},
               boost::test_tools::per_element());
}

// Issue 14: only a connection's first request was read, so a second one on a keep-alive connection, or a
// pipelined one, went through unseen. Each request is a message now; bodies are passed over.
BOOST_AUTO_TEST_CASE(every_request_on_a_keep_alive_connection_is_a_message) {
    HttpFlow flow;
    BOOST_TEST(status_name(flow.send("POST /a HTTP/1.1\r\nHost: a.example\r\nContent-Length: 11\r\n\r\nGET / HTTP/")) ==
               "NeedMore");  // the body looks like a request: it is passed over, not read
    BOOST_TEST(flow.facts().messages == 1u);
    BOOST_TEST(status_name(flow.send("GET / HTTP/1.1\r\nHost: b.example\r\n\r\n"
                                     "PUT /c HTTP/1.1\r\nHost: c.example\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                                     "4;ext=1\r\nGET \r\n0\r\nTrailer: x\r\n\r\n"
                                     "GET / HTTP/1.1\r\nHost: www.facebook.com\r\n\r\n")) == "NeedMore");
    BOOST_TEST(flow.facts().messages == 4u);
    std::vector<std::string> hosts;
    for (const auto& message : flow.facts().new_messages) hosts.push_back(message.host);
    BOOST_TEST(hosts == (std::vector<std::string>{"a.example", "b.example", "c.example", "www.facebook.com"}),
               boost::test_tools::per_element());
    BOOST_TEST(anomaly_names(flow.facts()).empty());
}

BOOST_DATA_TEST_CASE(a_body_whose_end_cannot_be_known_ends_the_reading,
                     bdata::make({"POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: 12x\r\n\r\n",
                                  "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                                  "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: gzip\r\n\r\n",
                                  "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\nq\r\n",
                                  "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n"}),
                     request) {
    HttpFlow flow;
    BOOST_TEST(status_name(flow.send(request)) == "Done");
    BOOST_TEST(anomaly_names(flow.facts()) == std::vector<std::string>{"http.body_malformed"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(classifier_alone_ignores_datagrams_and_server_direction) {
    AddressNameCache cache{16};
    ClassifierContext context{cache, kNow};
    HttpClassifier classifier;
    Observations observations;
    const Bytes request = bytes("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    const std::vector<std::uint32_t> sizes{static_cast<std::uint32_t>(request.size())};
    BOOST_TEST(status_name(classifier.on_datagram(Direction::ClientToServer, request, observations, context)) ==
               "Done");
    BOOST_TEST(status_name(classifier.on_stream(Direction::ServerToClient, request, sizes, observations, context)) ==
               "NeedMore");
    BOOST_TEST(observations.host.empty());
    BOOST_TEST(status_name(classifier.on_stream(Direction::ClientToServer, request, sizes, observations, context)) ==
               "NeedMore");
    BOOST_TEST(observations.host == "a.example");
    BOOST_TEST(classifier.release_consumed(Direction::ClientToServer) == request.size());
    BOOST_TEST((HttpClassifier::create() != nullptr));
}

namespace {

struct ProbeCase {
    std::string bytes;
    bool expected;
};

std::ostream& operator<<(std::ostream& out, const ProbeCase& c) { return out << '"' << c.bytes << '"'; }

const std::vector<ProbeCase> kProbeCases{
    {"G", true},           {"GE", true},         {"GET", true},          {"GET ", true},
    {"GET / HTTP/1.1", true}, {"CONN", true},    {"CONNECT ", true},     {"CONNECT x.com:443", true},
    {"P", true},           {"POST /", true},     {"PUT /", true},        {"PATCH /", true},
    {"HEAD /", true},      {"DELETE /x", true},  {"OPTIONS *", true},    {"TRACE /", true},
    {"", false},           {"X", false},         {"g", false},           {"get / HTTP/1.1", false},
    {"GETX", false},       {"GET/", false},      {" GET", false},        {"CONNECTX", false},
    {"OPTIONS/", false},   {"SSH-2.0-", false},  {std::string{"\x16\x03\x01", 3}, false},
    {std::string{"\0GET", 4}, false},
};

}  // namespace

// The probe sees a request behind empty lines (RFC 9112 §2.2), as the server does.
BOOST_AUTO_TEST_CASE(the_probe_skips_empty_lines_before_the_method) {
    const std::string text = "\r\n\nCONNECT www.facebook.com:443 HTTP/1.1\r\n";
    const std::vector<std::uint8_t> data(text.begin(), text.end());
    BOOST_TEST(looks_like_http_request(data));
}

BOOST_DATA_TEST_CASE(looks_like_http_request_table, bdata::make(kProbeCases), c) {
    const Bytes data = bytes(c.bytes);
    BOOST_TEST(looks_like_http_request(data) == c.expected);
}

BOOST_AUTO_TEST_SUITE_END()
