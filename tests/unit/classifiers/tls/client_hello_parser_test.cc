#include "classifiers/tls/client_hello_parser.h"

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
using schoolgate::classifiers::tls::parse_client_hello;
using schoolgate::test::ClientHelloBuilder;
using Bytes = std::vector<std::uint8_t>;

// A minimal TLS 1.3 ClientHello body, written out by hand so the builder has something to agree with.
const Bytes kAnnotatedBody{
    0x03, 0x03,  // legacy_version TLS 1.2
    // random 00 .. 1f
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,  //
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,  //
    0x00,                    // legacy_session_id: empty
    0x00, 0x02, 0x13, 0x01,  // cipher_suites: TLS_AES_128_GCM_SHA256
    0x01, 0x00,              // compression_methods: null
    // @41
    0x00, 0x26,  // extensions: 38 bytes
    // server_name
    0x00, 0x00, 0x00, 0x10,  // type 0, 16 bytes
    0x00, 0x0e,              // ServerNameList: 14 bytes
    0x00, 0x00, 0x0b,        // host_name, 11 bytes
    'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm',  /* example.com */
    // application_layer_protocol_negotiation
    0x00, 0x10, 0x00, 0x05,  // type 16, 5 bytes
    0x00, 0x03,              // ProtocolNameList: 3 bytes
    0x02, 'h', '2',          /* 2h2 */
    // supported_versions
    0x00, 0x2b, 0x00, 0x05,  // type 43, 5 bytes
    0x04,                    // 4 bytes of versions
    0x1a, 0x1a,              // GREASE
    0x03, 0x04,              // TLS 1.3
};
constexpr std::size_t kAnnotatedFixedPartBytes = 41;  // everything before the extensions block

// Bytes before the extensions block of a ClientHelloBuilder hello with its default fixed fields.
constexpr std::size_t kBuilderFixedPartBytes = 2 + 32 + 1 + 32 + 2 + 12 + 1 + 1;

std::string as_string(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(ClientHelloParserTest)

BOOST_AUTO_TEST_CASE(annotated_hello_parses) {
    const auto result = parse_client_hello(kAnnotatedBody);
    BOOST_REQUIRE(result.is_ok());
    const auto& hello = result.value();
    BOOST_TEST(hello.legacy_version == 0x0303);
    BOOST_TEST(hello.server_name.value_or("<none>") == "example.com");
    BOOST_TEST(hello.alpn == std::vector<std::string>{"h2"});
    BOOST_TEST(hello.supported_versions == std::vector<std::uint16_t>{0x0304});
    BOOST_TEST(!hello.has_ech);
    BOOST_TEST(!hello.has_esni);
    BOOST_TEST(hello.extension_count == 3);
}

BOOST_AUTO_TEST_CASE(builder_writes_the_annotated_hello_byte_for_byte) {
    const Bytes built = ClientHelloBuilder{}
                            .session_id({})
                            .cipher_suite_bytes({0x13, 0x01})
                            .sni("example.com")
                            .alpn({"h2"})
                            .supported_versions({0x1a1a, 0x0304})
                            .body();
    BOOST_TEST(built == kAnnotatedBody, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(browser_like_hello_gives_sni_alpn_and_versions_without_grease) {
    const auto result = parse_client_hello(ClientHelloBuilder::browser_like("www.facebook.com").body());
    BOOST_REQUIRE(result.is_ok());
    const auto& hello = result.value();
    BOOST_TEST(hello.server_name.value_or("<none>") == "www.facebook.com");
    BOOST_TEST(hello.alpn == (std::vector<std::string>{"h2", "http/1.1"}), boost::test_tools::per_element());
    BOOST_TEST(hello.supported_versions == (std::vector<std::uint16_t>{0x0304, 0x0303}),
               boost::test_tools::per_element());
    BOOST_TEST(!hello.has_ech);
    BOOST_TEST(!hello.has_esni);
    // GREASE, server_name, ALPN, supported_versions, key_share, GREASE.
    BOOST_TEST(hello.extension_count == 6);
}

BOOST_AUTO_TEST_CASE(ech_and_esni_extensions_set_their_flags) {
    const auto ech_only = parse_client_hello(ClientHelloBuilder::browser_like("cover.example").ech().body());
    BOOST_REQUIRE(ech_only.is_ok());
    BOOST_TEST(ech_only.value().has_ech);
    BOOST_TEST(!ech_only.value().has_esni);
    BOOST_TEST(ech_only.value().extension_count == 7);

    const auto esni_only = parse_client_hello(ClientHelloBuilder{}.esni().body());
    BOOST_REQUIRE(esni_only.is_ok());
    BOOST_TEST(!esni_only.value().has_ech);
    BOOST_TEST(esni_only.value().has_esni);
    BOOST_TEST(!esni_only.value().server_name.has_value());
    BOOST_TEST(esni_only.value().extension_count == 1);

    const auto both = parse_client_hello(ClientHelloBuilder{}.ech(0).esni().sni("x.example").body());
    BOOST_REQUIRE(both.is_ok());
    BOOST_TEST(both.value().has_ech);
    BOOST_TEST(both.value().has_esni);
    BOOST_TEST(both.value().extension_count == 3);
}

BOOST_AUTO_TEST_CASE(hello_without_extensions_is_ok_and_names_nothing) {
    const Bytes body = ClientHelloBuilder{}.legacy_version(0x0301).no_extensions().body();
    BOOST_TEST(body.size() == kBuilderFixedPartBytes);
    const auto result = parse_client_hello(body);
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().legacy_version == 0x0301);
    BOOST_TEST(!result.value().server_name.has_value());
    BOOST_TEST(result.value().alpn.empty());
    BOOST_TEST(result.value().supported_versions.empty());
    BOOST_TEST(result.value().extension_count == 0);
}

BOOST_AUTO_TEST_CASE(empty_extensions_block_is_ok) {
    const auto result = parse_client_hello(ClientHelloBuilder{}.body());
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().extension_count == 0);
}

// Every strict prefix of a valid body is truncated, with one exception the protocol itself defines: the
// prefix ending right after compression_methods is a complete extension-less hello (RFC 5246 §7.4.1.2).
BOOST_DATA_TEST_CASE(every_prefix_of_the_annotated_hello_is_truncated, bdata::xrange(kAnnotatedBody.size()),
                     length) {
    const auto result = parse_client_hello(std::span{kAnnotatedBody}.first(length));
    if (length == kAnnotatedFixedPartBytes) {
        BOOST_REQUIRE(result.is_ok());
        BOOST_TEST(result.value().extension_count == 0);
        return;
    }
    BOOST_REQUIRE((result.status() == ParseStatus::Malformed));
    BOOST_TEST(anomaly_name(result.anomaly()) == "tls.client_hello_truncated");
}

BOOST_AUTO_TEST_CASE(every_prefix_of_large_hellos_is_truncated) {
    const std::vector<Bytes> bodies{
        ClientHelloBuilder::browser_like("www.facebook.com").body(),
        ClientHelloBuilder::browser_like("cover.example").ech().esni().pad_body_to(600).body(),
        ClientHelloBuilder::browser_like("pq.example")
            .key_share({{ClientHelloBuilder::kGroupX25519MlKem768, ClientHelloBuilder::kX25519MlKem768ShareBytes}})
            .pad_body_to(1800)
            .body(),
    };
    for (const auto& body : bodies) {
        BOOST_REQUIRE(parse_client_hello(body).is_ok());
        for (std::size_t length = 0; length < body.size(); ++length) {
            BOOST_TEST_CONTEXT("body of " << body.size() << " bytes cut to " << length) {
                const auto result = parse_client_hello(std::span{body}.first(length));
                if (length == kBuilderFixedPartBytes) {
                    BOOST_TEST(result.is_ok());
                    continue;
                }
                BOOST_TEST((result.status() == ParseStatus::Malformed));
                BOOST_TEST(anomaly_name(result.anomaly()) == "tls.client_hello_truncated");
            }
        }
    }
}

namespace {

struct MalformedCase {
    const char* what;
    Bytes body;
    Anomaly expected;
};

std::ostream& operator<<(std::ostream& out, const MalformedCase& c) { return out << c.what; }

Bytes with_many_extensions(std::size_t count) {
    ClientHelloBuilder builder;
    for (std::size_t i = 0; i < count; ++i) builder.raw_extension(static_cast<std::uint16_t>(0x7000 + i), {});
    return builder.body();
}

const std::vector<MalformedCase> kMalformedCases{
    {"trailing bytes after the extensions block",
     ClientHelloBuilder::browser_like("a.example").trailing_bytes({0x00}).body(), Anomaly::TlsClientHelloMalformed},
    {"server_name list longer than its extension",
     ClientHelloBuilder{}.raw_extension(0x0000, {0x00, 0x10, /* list: 16 bytes, only 6 follow */
                                                 0x00, 0x00, 0x03, 'a', 'b', 'c'}).body(),
     Anomaly::TlsClientHelloMalformed},
    {"bytes after the server_name list inside the extension",
     ClientHelloBuilder{}.raw_extension(0x0000, {0x00, 0x06, 0x00, 0x00, 0x03, 'a', 'b', 'c', /* abc */
                                                 0xff}).body(),
     Anomaly::TlsClientHelloMalformed},
    {"server_name entry longer than its list",
     ClientHelloBuilder{}.raw_extension(0x0000, {0x00, 0x06, 0x00, 0x00, 0x09, 'a', 'b', 'c'}).body(),
     Anomaly::TlsClientHelloMalformed},
    {"server_name entry without its length",
     ClientHelloBuilder{}.raw_extension(0x0000, {0x00, 0x02, 0x00, 0x00}).body(), Anomaly::TlsClientHelloMalformed},
    {"empty ALPN protocol name", ClientHelloBuilder{}.alpn({"h2", ""}).body(), Anomaly::TlsClientHelloMalformed},
    {"ALPN list longer than its extension",
     ClientHelloBuilder{}.raw_extension(0x0010, {0x00, 0x09, 0x02, 'h', '2'}).body(), Anomaly::TlsClientHelloMalformed},
    {"supported_versions with an odd length",
     ClientHelloBuilder{}.raw_extension(0x002b, {0x03, 0x03, 0x04, 0x03}).body(), Anomaly::TlsClientHelloMalformed},
    {"supported_versions list longer than its extension",
     ClientHelloBuilder{}.raw_extension(0x002b, {0x04, 0x03, 0x04}).body(), Anomaly::TlsClientHelloMalformed},
    {"legacy_session_id of 33 bytes", ClientHelloBuilder{}.session_id(Bytes(33, 0xe0)).sni("a.example").body(),
     Anomaly::TlsClientHelloMalformed},
    {"odd cipher_suites length", ClientHelloBuilder{}.cipher_suite_bytes({0x13, 0x01, 0x13}).body(),
     Anomaly::TlsClientHelloMalformed},
    {"empty compression_methods", ClientHelloBuilder{}.compression_methods({}).body(),
     Anomaly::TlsClientHelloMalformed},
    {"extension header cut inside the extensions block",
     ClientHelloBuilder{}.no_extensions().trailing_bytes({0x00, 0x03, /* block: 3 bytes */ 0x00, 0x00, 0x00}).body(),
     Anomaly::TlsClientHelloTruncated},
    {"extension body longer than the extensions block",
     ClientHelloBuilder{}.no_extensions().trailing_bytes({0x00, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00}).body(),
     Anomaly::TlsClientHelloTruncated},
    {"body ends after legacy_version", Bytes{0x03, 0x03}, Anomaly::TlsClientHelloTruncated},
    {"129 extensions", with_many_extensions(limits::kMaxTlsExtensions + 1), Anomaly::TlsTooManyExtensions},
};

}  // namespace

BOOST_DATA_TEST_CASE(each_anomaly_is_named, bdata::make(kMalformedCases), c) {
    const auto result = parse_client_hello(c.body);
    BOOST_REQUIRE((result.status() == ParseStatus::Malformed));
    BOOST_TEST(anomaly_name(result.anomaly()) == anomaly_name(c.expected));
}

BOOST_AUTO_TEST_CASE(exactly_the_extension_limit_is_accepted) {
    const auto result = parse_client_hello(with_many_extensions(limits::kMaxTlsExtensions));
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().extension_count == limits::kMaxTlsExtensions);
}

BOOST_AUTO_TEST_CASE(first_host_name_wins_when_there_are_two) {
    const auto result =
        parse_client_hello(ClientHelloBuilder{}.sni_entries({{0, "first.example"}, {0, "second.example"}}).body());
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().server_name.value_or("<none>") == "first.example");
}

BOOST_AUTO_TEST_CASE(first_server_name_extension_wins_when_there_are_two) {
    const auto result = parse_client_hello(ClientHelloBuilder{}.sni("first.example").sni("second.example").body());
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().server_name.value_or("<none>") == "first.example");
}

BOOST_AUTO_TEST_CASE(entries_of_unknown_name_type_are_skipped) {
    const auto result =
        parse_client_hello(ClientHelloBuilder{}.sni_entries({{7, "not-a-host"}, {0, "real.example"}}).body());
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().server_name.value_or("<none>") == "real.example");
}

BOOST_AUTO_TEST_CASE(server_name_bytes_are_returned_raw_for_the_classifier_to_judge) {
    const std::string raw{"WWW.Face\x01" "Book.COM.", 18};
    const auto result = parse_client_hello(ClientHelloBuilder{}.sni(raw).body());
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().server_name.value_or("<none>") == raw);
}

BOOST_AUTO_TEST_CASE(alpn_list_is_capped) {
    ClientHelloBuilder builder;
    builder.alpn({"p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10", "p11", "p12", "p13", "p14",
                  "p15", "p16", "p17", "p18", "p19", "p20"});
    const auto result = parse_client_hello(builder.body());
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().alpn.size() == limits::kMaxAlpnProtocols);
    BOOST_TEST(result.value().alpn.back() == "p16");
}

BOOST_AUTO_TEST_CASE(every_grease_version_is_removed) {
    const auto result = parse_client_hello(
        ClientHelloBuilder{}.supported_versions({0x0a0a, 0x0304, 0x7a7a, 0x0303, 0xfafa, 0x0a1a}).body());
    BOOST_REQUIRE(result.is_ok());
    // 0x0a1a is not GREASE (the two bytes differ).
    BOOST_TEST(result.value().supported_versions == (std::vector<std::uint16_t>{0x0304, 0x0303, 0x0a1a}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(padding_reaches_the_requested_size_and_is_ignored) {
    const Bytes body = ClientHelloBuilder::browser_like("www.facebook.com").pad_body_to(1600).body();
    BOOST_TEST(body.size() == 1600u);
    const auto result = parse_client_hello(body);
    BOOST_REQUIRE(result.is_ok());
    BOOST_TEST(result.value().server_name.value_or("<none>") == "www.facebook.com");
    BOOST_TEST(result.value().extension_count == 7);
}

BOOST_AUTO_TEST_CASE(same_bytes_give_the_same_result) {
    const Bytes body = ClientHelloBuilder::browser_like("www.facebook.com").ech().body();
    const auto first = parse_client_hello(body);
    const auto second = parse_client_hello(body);
    BOOST_REQUIRE(first.is_ok());
    BOOST_REQUIRE(second.is_ok());
    BOOST_TEST(*first.value().server_name == *second.value().server_name);
    BOOST_TEST(first.value().extension_count == second.value().extension_count);
    BOOST_TEST(as_string(body) == as_string(ClientHelloBuilder::browser_like("www.facebook.com").ech().body()));
}

BOOST_AUTO_TEST_SUITE_END()
