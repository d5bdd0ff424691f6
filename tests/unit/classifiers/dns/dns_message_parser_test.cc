#include "classifiers/dns/dns_message_parser.h"

#include <array>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "classifiers/limits.h"
#include "support/dns_message_builder.h"

namespace {

namespace bdata = boost::unit_test::data;
namespace dns = schoolgate::classifiers::dns;
namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::Anomaly;
using schoolgate::classifiers::ParseStatus;
using schoolgate::net::IpAddress;
using schoolgate::test::DnsMessageBuilder;
using Bytes = std::vector<std::uint8_t>;

// dig www.example.com A, as sent.
const Bytes kValidQuery{
    0xab, 0xcd,              // id
    0x01, 0x00,              // flags: RD
    0x00, 0x01, 0x00, 0x00,  // qdcount 1, ancount 0
    0x00, 0x00, 0x00, 0x00,  // nscount 0, arcount 0
    // @12 question
    0x03, 'w', 'w', 'w',                      /* 3www */
    0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e',  /* 7example */
    0x03, 'c', 'o', 'm', 0x00,                /* 3com 0 */
    0x00, 0x01, 0x00, 0x01,                   // type A, class IN
};

// The answer to it through a CDN: CNAME, then A and AAAA for the CNAME target, every name compressed.
const Bytes kValidResponse{
    0xab, 0xcd,              // id
    0x81, 0x80,              // flags: QR RD RA, rcode 0
    0x00, 0x01, 0x00, 0x03,  // qdcount 1, ancount 3
    0x00, 0x00, 0x00, 0x00,  // nscount 0, arcount 0
    // @12 question
    0x03, 'w', 'w', 'w',                      /* 3www */
    0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e',  /* @16 7example */
    0x03, 'c', 'o', 'm', 0x00,                /* 3com 0 */
    0x00, 0x01, 0x00, 0x01,                   // type A, class IN
    // @33 answer 1
    0xc0, 0x0c,                               /* -> @12 www.example.com */
    0x00, 0x05, 0x00, 0x01,                   // type CNAME, class IN
    0x00, 0x00, 0x0e, 0x10,                   // ttl 3600
    0x00, 0x06,                               // rdlength 6
    0x03, 'c', 'd', 'n', 0xc0, 0x10,          /* @45 3cdn -> @16 example.com */
    // @51 answer 2
    0xc0, 0x2d,                               /* -> @45 cdn.example.com */
    0x00, 0x01, 0x00, 0x01,                   // type A, class IN
    0x00, 0x00, 0x00, 0x3c,                   // ttl 60
    0x00, 0x04, 0x5d, 0xb8, 0xd8, 0x22,       // rdlength 4: 93.184.216.34
    // @67 answer 3
    0xc0, 0x2d,                               /* -> @45 cdn.example.com */
    0x00, 0x1c, 0x00, 0x01,                   // type AAAA, class IN
    0x00, 0x00, 0x01, 0x2c,                   // ttl 300
    0x00, 0x10,                               // rdlength 16: 2606:2800:220:1:248:1893:25c8:1946
    0x26, 0x06, 0x28, 0x00, 0x02, 0x20, 0x00, 0x01,
    0x02, 0x48, 0x18, 0x93, 0x25, 0xc8, 0x19, 0x46,
};

constexpr std::array<std::uint8_t, 4> kIpv4{93, 184, 216, 34};
constexpr std::array<std::uint8_t, 16> kIpv6{0x26, 0x06, 0x28, 0x00, 0x02, 0x20, 0x00, 0x01,
                                             0x02, 0x48, 0x18, 0x93, 0x25, 0xc8, 0x19, 0x46};

Anomaly malformed_anomaly(const Bytes& bytes) {
    const auto result = dns::parse_dns_message(bytes);
    BOOST_TEST_REQUIRE((result.status() == ParseStatus::Malformed));
    return result.anomaly();
}

// A question for "a" at @12, then an unparsed TXT answer whose RDATA holds `links` pointers, each to the one
// before (the first to @12), then an answer whose name is one more pointer to the last link: a chain of
// links + 1 jumps, every one of them backwards.
Bytes pointer_chain(std::size_t links) {
    DnsMessageBuilder builder;
    builder.response().question("a");
    Bytes rdata;
    std::size_t previous = DnsMessageBuilder::kHeaderBytes;
    const std::size_t rdata_start = builder.offset() + 2 + 10;  // pointer name, type, class, ttl, rdlength
    for (std::size_t i = 0; i < links; ++i) {
        const auto link = DnsMessageBuilder::pointer(previous);
        previous = rdata_start + rdata.size();
        rdata.insert(rdata.end(), link.begin(), link.end());
    }
    builder.compress().answer("a", 16, 60, rdata);
    const auto last = DnsMessageBuilder::pointer(previous);
    builder.raw(last).raw({0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04, 1, 2, 3, 4});
    return builder.counts(1, 2).build();
}

std::string labels_of(std::size_t count, std::size_t length) {
    std::string name;
    for (std::size_t i = 0; i < count; ++i) name += (i ? "." : "") + std::string(length, 'a');
    return name;
}

struct MalformedCase {
    const char* what;
    Bytes bytes;
    Anomaly expected;
};

std::ostream& operator<<(std::ostream& out, const MalformedCase& c) { return out << c.what; }

std::vector<MalformedCase> malformed_cases() {
    const DnsMessageBuilder query = DnsMessageBuilder{}.counts(1, 0);
    return {
        {"pointer to itself", DnsMessageBuilder{query}.raw({0xc0, 0x0c, 0, 1, 0, 1}).build(),
         Anomaly::DnsCompressionLoop},
        {"forward pointer", DnsMessageBuilder{query}.raw({0xc0, 0x0e, /* @14 1a 0 */ 1, 'a', 0, 0, 1, 0, 1}).build(),
         Anomaly::DnsCompressionLoop},
        {"labels leading back to their own pointer",
         DnsMessageBuilder{query}.raw({/* @12 1a */ 1, 'a', 0xc0, 0x0c, 0, 1, 0, 1}).build(),
         Anomaly::DnsCompressionLoop},
        {"pointer chain of 21", pointer_chain(20), Anomaly::DnsCompressionTooDeep},
        {"name of 5 x 63-byte labels", DnsMessageBuilder{}.question(labels_of(5, 63)).build(),
         Anomaly::DnsNameTooLong},
        {"name of 256 wire bytes", DnsMessageBuilder{}.question(labels_of(3, 63) + "." + std::string(62, 'b')).build(),
         Anomaly::DnsNameTooLong},
        {"label type 0x40", DnsMessageBuilder{query}.raw({0x41, 'a', 0, 0, 1, 0, 1}).build(), Anomaly::DnsBadLabelType},
        {"label type 0x80", DnsMessageBuilder{query}.raw({0x81, 'a', 0, 0, 1, 0, 1}).build(), Anomaly::DnsBadLabelType},
        {"9 questions", DnsMessageBuilder{}.counts(9, 0).build(), Anomaly::DnsTooManyRecords},
        {"65 answers", DnsMessageBuilder{}.counts(0, 65).build(), Anomaly::DnsTooManyRecords},
        {"65535 questions", DnsMessageBuilder{}.counts(0xffff, 0).build(), Anomaly::DnsTooManyRecords},
        {"header shorter than 12 bytes", Bytes{0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0}, Anomaly::DnsTruncated},
        {"more questions than bytes", DnsMessageBuilder{}.question("a").counts(2, 0).build(), Anomaly::DnsTruncated},
        {"rdlength past the end",
         DnsMessageBuilder{}.counts(0, 1).raw({1, 'a', 0, 0, 1, 0, 1, 0, 0, 0, 60, /* rdlength 4 */ 0, 4, 1, 2, 3})
             .build(),
         Anomaly::DnsTruncated},
    };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(DnsMessageParserTest)

BOOST_AUTO_TEST_CASE(parses_a_query) {
    const auto result = dns::parse_dns_message(kValidQuery);
    BOOST_TEST_REQUIRE(result.is_ok());
    const auto& message = result.value();
    BOOST_TEST(message.id == 0xabcd);
    BOOST_TEST(!message.is_response);
    BOOST_TEST(message.opcode == 0);
    BOOST_TEST(message.rcode == 0);
    BOOST_TEST_REQUIRE(message.questions.size() == 1u);
    BOOST_TEST(message.questions[0].name == "www.example.com");
    BOOST_TEST(message.questions[0].type == dns::kTypeA);
    BOOST_TEST(message.questions[0].klass == 1);
    BOOST_TEST(message.answers.empty());
}

BOOST_AUTO_TEST_CASE(parses_a_compressed_response_with_cname_a_and_aaaa) {
    const auto result = dns::parse_dns_message(kValidResponse);
    BOOST_TEST_REQUIRE(result.is_ok());
    const auto& message = result.value();
    BOOST_TEST(message.is_response);
    BOOST_TEST_REQUIRE(message.questions.size() == 1u);
    BOOST_TEST(message.questions[0].name == "www.example.com");
    BOOST_TEST_REQUIRE(message.answers.size() == 3u);
    BOOST_TEST(message.answers[0].name == "www.example.com");
    BOOST_TEST(message.answers[0].type == dns::kTypeCname);
    BOOST_TEST(message.answers[0].ttl == 3600u);
    BOOST_TEST(!message.answers[0].address.has_value());
    BOOST_TEST(message.answers[1].name == "cdn.example.com");
    BOOST_TEST(message.answers[1].ttl == 60u);
    BOOST_TEST((message.answers[1].address == IpAddress::parse("93.184.216.34")));
    BOOST_TEST(message.answers[2].name == "cdn.example.com");
    BOOST_TEST(message.answers[2].type == dns::kTypeAaaa);
    BOOST_TEST((message.answers[2].address == IpAddress::parse("2606:2800:220:1:248:1893:25c8:1946")));
}

BOOST_AUTO_TEST_CASE(builder_writes_the_hand_annotated_messages) {
    const Bytes query = DnsMessageBuilder{}.id(0xabcd).question("www.example.com").build();
    BOOST_TEST(query == kValidQuery, boost::test_tools::per_element());
    const Bytes response = DnsMessageBuilder{}
                               .id(0xabcd)
                               .response()
                               .compress()
                               .question("www.example.com")
                               .answer_cname("www.example.com", "cdn.example.com", 3600)
                               .answer_a("cdn.example.com", kIpv4, 60)
                               .answer_aaaa("cdn.example.com", kIpv6, 300)
                               .build();
    BOOST_TEST(response == kValidResponse, boost::test_tools::per_element());
}

BOOST_DATA_TEST_CASE(every_truncated_prefix_of_the_response_is_truncated, bdata::xrange(kValidResponse.size()),
                     length) {
    const std::span<const std::uint8_t> prefix{kValidResponse.data(), length};
    const auto result = dns::parse_dns_message(prefix);
    BOOST_TEST_REQUIRE((result.status() == ParseStatus::Malformed));
    BOOST_TEST((result.anomaly() == Anomaly::DnsTruncated));
}

BOOST_DATA_TEST_CASE(every_truncated_prefix_of_the_query_is_truncated, bdata::xrange(kValidQuery.size()), length) {
    const std::span<const std::uint8_t> prefix{kValidQuery.data(), length};
    BOOST_TEST((malformed_anomaly(Bytes(prefix.begin(), prefix.end())) == Anomaly::DnsTruncated));
}

BOOST_DATA_TEST_CASE(malformed_messages_name_their_anomaly, bdata::make(malformed_cases()), sample) {
    BOOST_TEST((malformed_anomaly(sample.bytes) == sample.expected));
}

BOOST_AUTO_TEST_CASE(a_chain_of_20_backward_pointers_is_followed) {
    const auto result = dns::parse_dns_message(pointer_chain(19));
    BOOST_TEST_REQUIRE(result.is_ok());
    BOOST_TEST_REQUIRE(result.value().answers.size() == 2u);
    BOOST_TEST(result.value().answers[1].name == "a");
    BOOST_TEST((result.value().answers[1].address == IpAddress::parse("1.2.3.4")));
}

BOOST_AUTO_TEST_CASE(names_and_counts_at_their_limits_are_accepted) {
    // 3 x (1 + 63) + (1 + 61) + 1 = 255 bytes on the wire, 253 characters of text.
    const std::string longest = labels_of(3, 63) + "." + std::string(61, 'b');
    DnsMessageBuilder builder;
    builder.compress();
    for (std::size_t i = 0; i < limits::kMaxDnsQuestions; ++i) builder.question(longest);
    for (std::size_t i = 0; i < limits::kMaxDnsAnswers; ++i) {
        builder.answer_a(longest, {10, 0, 0, static_cast<std::uint8_t>(i)}, 60);
    }
    const auto result = dns::parse_dns_message(builder.build());
    BOOST_TEST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().questions.size() == limits::kMaxDnsQuestions);
    BOOST_TEST(result.value().answers.size() == limits::kMaxDnsAnswers);
    BOOST_TEST(result.value().questions[7].name == longest);
    BOOST_TEST((result.value().answers[63].address == IpAddress::parse("10.0.0.63")));
}

BOOST_AUTO_TEST_CASE(a_name_made_too_long_by_pointers_is_rejected) {
    // Each question adds a 63-byte label in front of the previous name; the fourth decodes to 257 bytes.
    DnsMessageBuilder builder;
    std::size_t previous = 0;
    for (int i = 0; i < 4; ++i) {
        const std::size_t here = builder.offset();
        builder.raw({63}).raw(Bytes(63, 'x'));
        if (i == 0) {
            builder.raw({0});
        } else {
            builder.raw(DnsMessageBuilder::pointer(previous));
        }
        builder.raw({0, 1, 0, 1});
        previous = here;
    }
    BOOST_TEST((malformed_anomaly(builder.counts(4, 0).build()) == Anomaly::DnsNameTooLong));
}

BOOST_AUTO_TEST_CASE(records_of_other_types_and_odd_lengths_are_skipped_without_address) {
    const Bytes txt{5, 'h', 'e', 'l', 'l', 'o'};
    const Bytes short_a{1, 2, 3};
    const auto result = dns::parse_dns_message(DnsMessageBuilder{}
                                                   .response()
                                                   .question("example.org")
                                                   .answer("example.org", 16, 60, txt)
                                                   .answer("example.org", dns::kTypeA, 60, short_a)
                                                   .answer_a("example.org", {192, 0, 2, 1}, 60)
                                                   .raw({0xff, 0xff})  // authority/additional: not read
                                                   .build());
    BOOST_TEST_REQUIRE(result.is_ok());
    BOOST_TEST_REQUIRE(result.value().answers.size() == 3u);
    BOOST_TEST(!result.value().answers[0].address.has_value());
    BOOST_TEST(!result.value().answers[1].address.has_value());
    BOOST_TEST((result.value().answers[2].address == IpAddress::parse("192.0.2.1")));
}

// Raw bytes are kept for the classifier to judge, except that '.' and '\\' inside a label are escaped
// (RFC 4343 presentation form), so one label "a.b" never reads as the two labels a and b.
BOOST_AUTO_TEST_CASE(root_name_is_empty_and_raw_label_bytes_are_kept) {
    const auto result = dns::parse_dns_message(DnsMessageBuilder{}
                                                   .counts(2, 0)
                                                   .raw({0, 0, 2, 0, 1})                   /* root */
                                                   .raw({3, 'a', '.', 0x01, 0, 0, 1, 0, 1}) /* 3a.\x01 */
                                                   .build());
    BOOST_TEST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().questions[0].name == "");
    BOOST_TEST(result.value().questions[1].name == std::string("a\\.\x01", 4));
}

BOOST_AUTO_TEST_CASE(header_flags_are_decoded) {
    const auto result =
        dns::parse_dns_message(DnsMessageBuilder{}.response().opcode(4).rcode(3).question("a").build());
    BOOST_TEST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().is_response);
    BOOST_TEST(result.value().opcode == 4);
    BOOST_TEST(result.value().rcode == 3);
}

BOOST_AUTO_TEST_SUITE_END()
