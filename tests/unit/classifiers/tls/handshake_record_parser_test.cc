#include "classifiers/tls/handshake_record_parser.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "classifiers/limits.h"
#include "support/client_hello_builder.h"

namespace {

namespace bdata = boost::unit_test::data;
namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::Anomaly;
using schoolgate::classifiers::anomaly_name;
using schoolgate::classifiers::ParseStatus;
using schoolgate::classifiers::tls::looks_like_tls_handshake;
using schoolgate::classifiers::tls::parse_client_hello_records;
using schoolgate::test::ClientHelloBuilder;
using Bytes = std::vector<std::uint8_t>;

const ClientHelloBuilder kHello = ClientHelloBuilder::browser_like("www.facebook.com");

Bytes concat(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// The smallest number of further bytes after `prefix` bytes of a record stream laid out as `records`
// fragments: the end of the record header or record being read.
std::size_t expected_bytes_needed(const std::vector<std::size_t>& fragment_sizes, std::size_t prefix) {
    std::size_t start = 0;
    for (std::size_t fragment : fragment_sizes) {
        const std::size_t header_end = start + ClientHelloBuilder::kRecordHeaderBytes;
        if (prefix < header_end) return header_end - prefix;
        if (prefix < header_end + fragment) return header_end + fragment - prefix;
        start = header_end + fragment;
    }
    return 0;
}

std::vector<std::size_t> even_split(std::size_t total, std::size_t count) {
    std::vector<std::size_t> sizes;
    for (std::size_t i = 0; i < count; ++i) sizes.push_back(total / count + (i < total % count ? 1 : 0));
    return sizes;
}

// A record header for `length` bytes followed by `fragment`.
Bytes record(std::uint8_t content_type, std::uint8_t major, std::uint8_t minor, std::size_t length,
             const Bytes& fragment = {}) {
    Bytes out{content_type, major, minor, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
    return concat(out, fragment);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(HandshakeRecordParserTest)

BOOST_AUTO_TEST_CASE(one_record_gives_the_hello_body) {
    const Bytes stream = kHello.record_bytes();
    BOOST_TEST(stream.size() == kHello.body().size() + 9);
    const auto result = parse_client_hello_records(stream);
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().records == 1);
    BOOST_TEST(result.value().body == kHello.body(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(annotated_record_header) {
    const Bytes stream = ClientHelloBuilder{}.no_extensions().record_bytes();
    const Bytes head{
        0x16,        // content type handshake
        0x03, 0x01,  // record version TLS 1.0 (what TLS 1.3 clients send)
        0x00, 0x57,  // record length 87
        0x01,        // handshake type client_hello
        0x00, 0x00, 0x53,  // message length 83
    };
    BOOST_TEST(Bytes(stream.begin(), stream.begin() + 9) == head, boost::test_tools::per_element());
    BOOST_REQUIRE(parse_client_hello_records(stream).is_ok());
}

BOOST_DATA_TEST_CASE(hello_split_over_several_records_is_joined, bdata::make({2, 3, 5, 17}), record_count) {
    const Bytes stream = kHello.records(static_cast<std::size_t>(record_count));
    const auto result = parse_client_hello_records(stream);
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().records == record_count);
    BOOST_TEST(result.value().body == kHello.body(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(handshake_header_split_across_records) {
    const std::size_t total = kHello.handshake().size();
    for (std::size_t first : {1u, 2u, 3u, 4u, 5u}) {
        BOOST_TEST_CONTEXT("first fragment " << first) {
            const auto result = parse_client_hello_records(kHello.records_of_sizes({first, total - first}));
            BOOST_REQUIRE(result.is_ok());
            BOOST_TEST(result.value().records == 2);
            BOOST_TEST(result.value().body == kHello.body(), boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(hello_in_one_byte_records) {
    const std::size_t total = kHello.handshake().size();
    const auto result = parse_client_hello_records(kHello.records_of_sizes(std::vector<std::size_t>(total, 1)));
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().records == total);
    BOOST_TEST(result.value().body == kHello.body(), boost::test_tools::per_element());
}

// Feeding every prefix of a valid stream: NeedMoreData that asks for exactly the rest of the current record
// header or record (never more than the stream holds), until the whole stream gives Ok.
BOOST_DATA_TEST_CASE(every_prefix_needs_exactly_the_rest_of_the_current_record, bdata::make({1, 2, 5}),
                     record_count) {
    const auto sizes = even_split(kHello.handshake().size(), static_cast<std::size_t>(record_count));
    const Bytes stream = kHello.records_of_sizes(sizes);
    for (std::size_t length = 0; length < stream.size(); ++length) {
        BOOST_TEST_CONTEXT("prefix " << length << " of " << stream.size()) {
            const auto result = parse_client_hello_records(std::span{stream}.first(length));
            BOOST_REQUIRE((result.status() == ParseStatus::NeedMoreData));
            BOOST_TEST(result.bytes_needed() == expected_bytes_needed(sizes, length));
            BOOST_TEST(result.bytes_needed() > 0u);
            BOOST_TEST(length + result.bytes_needed() <= stream.size());
        }
    }
    BOOST_TEST(parse_client_hello_records(stream).is_ok());
}

BOOST_AUTO_TEST_CASE(bytes_after_the_hello_are_left_alone) {
    // A change_cipher_spec record (TLS 1.3 middlebox compatibility) right behind the hello.
    const Bytes stream = concat(kHello.record_bytes(), record(0x14, 0x03, 0x03, 1, {0x01}));
    const auto result = parse_client_hello_records(stream);
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().records == 1);
    BOOST_TEST(result.value().body == kHello.body(), boost::test_tools::per_element());

    // A further handshake message in the same record is cut off.
    const Bytes two_messages = concat(kHello.handshake(), Bytes{0x0f, 0x00, 0x00, 0x01, 0xaa});
    const auto joined =
        parse_client_hello_records(ClientHelloBuilder::wrap_in_records(two_messages, {two_messages.size()}));
    BOOST_REQUIRE(joined.is_ok());
    BOOST_TEST(joined.value().body == kHello.body(), boost::test_tools::per_element());
}

namespace {

struct MalformedCase {
    const char* what;
    Bytes stream;
    Anomaly expected;
};

std::ostream& operator<<(std::ostream& out, const MalformedCase& c) { return out << c.what; }

const Bytes kHandshake = kHello.handshake();
const Bytes kFirstHalf(kHandshake.begin(), kHandshake.begin() + 20);

Bytes with_declared_length(std::size_t declared) {
    return record(0x16, 0x03, 0x01, 4, {0x01, static_cast<std::uint8_t>(declared >> 16),
                                        static_cast<std::uint8_t>(declared >> 8), static_cast<std::uint8_t>(declared)});
}

const std::vector<MalformedCase> kMalformedCases{
    {"application data record (content type 23)", record(0x17, 0x03, 0x03, 5, {1, 2, 3, 4, 5}),
     Anomaly::TlsNotHandshake},
    {"alert record (content type 21)", record(0x15, 0x03, 0x03, 2, {0x02, 0x28}), Anomaly::TlsNotHandshake},
    {"first handshake message is a ServerHello (type 2)", record(0x16, 0x03, 0x03, 4, {0x02, 0x00, 0x00, 0x26}),
     Anomaly::TlsNotHandshake},
    {"alert record in the middle of a split hello",
     concat(record(0x16, 0x03, 0x01, kFirstHalf.size(), kFirstHalf), record(0x15, 0x03, 0x03, 2, {0x02, 0x28})),
     Anomaly::TlsNotHandshake},
    {"HTTP request behind a handshake content type", Bytes{0x16, 'G', 'E', 'T', ' ', '/', ' ', 'H'},
     Anomaly::TlsNotHandshake},
    {"first record with major version 2", record(0x16, 0x02, 0x00, 4, {0x01, 0x00, 0x00, 0x10}),
     Anomaly::TlsNotHandshake},
    {"continuation record with major version 2",
     concat(record(0x16, 0x03, 0x01, kFirstHalf.size(), kFirstHalf), record(0x16, 0x02, 0x00, 4, {1, 2, 3, 4})),
     Anomaly::TlsRecordMalformed},
    {"zero-length first record", record(0x16, 0x03, 0x01, 0), Anomaly::TlsRecordMalformed},
    {"zero-length continuation record",
     concat(record(0x16, 0x03, 0x01, kFirstHalf.size(), kFirstHalf), record(0x16, 0x03, 0x01, 0)),
     Anomaly::TlsRecordMalformed},
    {"record longer than the record limit", record(0x16, 0x03, 0x01, limits::kMaxTlsRecordBytes + 1),
     Anomaly::TlsRecordMalformed},
    {"record length 0xffff", record(0x16, 0x03, 0x01, 0xffff), Anomaly::TlsRecordMalformed},
    {"ClientHello declared at 16385 bytes", with_declared_length(limits::kMaxClientHelloBytes + 1),
     Anomaly::TlsClientHelloTooLarge},
    {"ClientHello declared at 2^24 - 1 bytes", with_declared_length(0xffffff), Anomaly::TlsClientHelloTooLarge},
};

}  // namespace

BOOST_DATA_TEST_CASE(each_anomaly_is_named, bdata::make(kMalformedCases), c) {
    const auto result = parse_client_hello_records(c.stream);
    BOOST_REQUIRE((result.status() == ParseStatus::Malformed));
    BOOST_TEST(anomaly_name(result.anomaly()) == anomaly_name(c.expected));
}

// Bug: the registry claims a stream for TLS on a first byte of 22 alone; when the next bytes were some other
// protocol, the parser called it tls.record_malformed (a broken TLS record) instead of tls.not_handshake.
BOOST_AUTO_TEST_CASE(bug_other_protocol_behind_a_handshake_byte_was_record_malformed) {
    for (const Bytes& stream : {Bytes{0x16, 'G', 'E', 'T', ' ', '/'}, Bytes{0x16, 0x03, 0x07, 0x00, 0x01, 0x01},
                                Bytes{0x16, 0x00, 0x00, 0x00, 0x00, 0x00}}) {
        const auto result = parse_client_hello_records(stream);
        BOOST_REQUIRE((result.status() == ParseStatus::Malformed));
        BOOST_TEST(anomaly_name(result.anomaly()) == "tls.not_handshake");
    }
}

BOOST_AUTO_TEST_CASE(limits_themselves_are_accepted) {
    // A record of exactly the limit is legal: the parser waits for it.
    const auto full_record = parse_client_hello_records(record(0x16, 0x03, 0x01, limits::kMaxTlsRecordBytes));
    BOOST_REQUIRE((full_record.status() == ParseStatus::NeedMoreData));
    BOOST_TEST(full_record.bytes_needed() == limits::kMaxTlsRecordBytes);

    // A ClientHello declared at exactly kMaxClientHelloBytes is waited for too.
    const auto full_hello = parse_client_hello_records(with_declared_length(limits::kMaxClientHelloBytes));
    BOOST_REQUIRE((full_hello.status() == ParseStatus::NeedMoreData));
    BOOST_TEST(full_hello.bytes_needed() == 5u);
}

BOOST_AUTO_TEST_CASE(declared_length_zero_gives_an_empty_body) {
    const auto result = parse_client_hello_records(record(0x16, 0x03, 0x01, 4, {0x01, 0x00, 0x00, 0x00}));
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().body.empty());
}

namespace {

struct ProbeCase {
    const char* what;
    Bytes bytes;
    bool expected;
};

std::ostream& operator<<(std::ostream& out, const ProbeCase& c) { return out << c.what; }

const std::vector<ProbeCase> kProbeCases{
    {"TLS 1.0 record version (TLS 1.3 clients)", {0x16, 0x03, 0x01}, true},
    {"TLS 1.2 record version", {0x16, 0x03, 0x03, 0x02, 0x00}, true},
    {"SSL 3.0", {0x16, 0x03, 0x00}, true},
    {"minor version 4", {0x16, 0x03, 0x04}, true},
    {"minor version 5", {0x16, 0x03, 0x05}, false},
    {"application data", {0x17, 0x03, 0x03}, false},
    {"major version 2", {0x16, 0x02, 0x00}, false},
    {"SSLv2 ClientHello", {0x80, 0x2e, 0x01}, false},
    {"one byte", {0x16}, false},
    {"two bytes", {0x16, 0x03}, false},
    {"empty", {}, false},
    {"GET", {'G', 'E', 'T'}, false},
};

}  // namespace

BOOST_DATA_TEST_CASE(looks_like_tls_handshake_table, bdata::make(kProbeCases), c) {
    BOOST_TEST(looks_like_tls_handshake(c.bytes) == c.expected);
}

BOOST_AUTO_TEST_CASE(probe_accepts_every_real_hello) {
    BOOST_TEST(looks_like_tls_handshake(kHello.record_bytes()));
    BOOST_TEST(looks_like_tls_handshake(kHello.records(3)));
}

BOOST_AUTO_TEST_SUITE_END()
