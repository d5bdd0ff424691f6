#include "gateway/events/event_json.h"

#include <algorithm>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace schoolgate::gateway::events {
namespace {

namespace data = boost::unit_test::data;
using namespace std::chrono_literals;
using nlohmann::json;

WallTime at(std::chrono::year_month_day date, std::chrono::microseconds time_of_day) {
    return WallTime{std::chrono::sys_days{date}} + time_of_day;
}

// A block event as the engine writes it, with every optional field filled in.
VerdictEvent full_event() {
    VerdictEvent event;
    event.ts = at(std::chrono::year{2026} / 3 / 4, 10h + 15min + 41ms + 7us);
    event.policy_generation = 7;
    event.flow_id = 0xc1f3;
    event.transport = classifiers::Transport::Tcp;
    event.src_ip = *net::IpAddress::parse("192.0.2.15");
    event.src_port = 50000;
    event.dst_ip = *net::IpAddress::parse("2001:db8::20");
    event.dst_port = 443;
    event.vlan_id = 30;
    event.host = "www.instagram.com";
    event.host_source = classifiers::HostSource::Tls;
    event.service = "instagram";
    event.classifier = "tls";
    classifiers::TlsFacts tls;
    tls.alpn = {"h2", "http/1.1"};
    tls.supported_versions = {0x0304, 0x0303};
    tls.ech = true;
    tls.client_hello_segments = 2;
    tls.client_hello_records = 1;
    event.tls = tls;
    event.observations = {"tls.fragmented_client_hello"};
    event.anomalies = {"tcp.reassembly_too_large"};
    event.role = "pupil";
    event.user = "u-123";
    event.device = "d-7f2a";
    event.identity_source = "radius";
    event.binding_age_s = 42;
    event.verdict = "block";
    event.rule = "no-social-media";
    event.reason = "Social media is not available.";
    event.school_time = "2026-03-04T10:15:00.041+00:00";
    event.period = "P2 (lesson)";
    event.exemption = "ex-2026-001";
    event.packets = 4;
    return event;
}

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> keys;
    for (const auto& item : object.items()) keys.insert(item.key());
    return keys;
}

// One line: no raw line break and no raw control byte anywhere in it.
bool is_one_clean_line(const std::string& line) {
    return std::none_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

struct UtcCase {
    const char* name;
    WallTime time;
    const char* expected;
};
std::ostream& operator<<(std::ostream& out, const UtcCase& c) { return out << c.name; }

const std::vector<UtcCase> kUtcCases = {
    {"epoch", WallTime{}, "1970-01-01T00:00:00.000Z"},
    {"school_morning", at(std::chrono::year{2026} / 3 / 4, 10h + 15min + 41ms), "2026-03-04T10:15:00.041Z"},
    {"microseconds_are_floored", at(std::chrono::year{2026} / 3 / 4, 10h + 15min + 41ms + 999us),
     "2026-03-04T10:15:00.041Z"},
    {"leap_day_last_millisecond", at(std::chrono::year{2024} / 2 / 29, 23h + 59min + 59s + 999ms + 999us),
     "2024-02-29T23:59:59.999Z"},
    {"new_year", at(std::chrono::year{2027} / 1 / 1, 0us), "2027-01-01T00:00:00.000Z"},
    {"before_the_epoch", WallTime{-1us}, "1969-12-31T23:59:59.999Z"},
    {"summer_time_is_not_applied", at(std::chrono::year{2026} / 7 / 1, 12h), "2026-07-01T12:00:00.000Z"},
};

BOOST_AUTO_TEST_SUITE(EventJsonTest)

BOOST_DATA_TEST_CASE(format_utc_is_rfc3339_with_milliseconds, data::make(kUtcCases), c) {
    BOOST_TEST(format_utc(c.time) == c.expected);
}

BOOST_AUTO_TEST_CASE(a_full_event_round_trips_through_json) {
    const std::string line = to_json_line(full_event());
    BOOST_TEST(is_one_clean_line(line));
    const json parsed = json::parse(line);
    const std::set<std::string> expected_keys{
        "schema_version", "ts",         "event",    "policy_generation", "flow_id",      "transport", "src_ip",
        "src_port",       "dst_ip",     "dst_port", "vlan",              "host",         "host_source", "service",
        "classifier",     "tls",        "observations", "anomalies",     "role",         "user",      "device",
        "identity_source", "binding_age_s",
        "verdict",        "rule",       "reason",   "school_time",       "period",       "exemption", "packets"};
    BOOST_TEST(keys_of(parsed) == expected_keys, boost::test_tools::per_element());
    BOOST_TEST(parsed["schema_version"].get<int>() == kSchemaVersion);
    BOOST_TEST(parsed["ts"].get<std::string>() == "2026-03-04T10:15:00.041Z");
    BOOST_TEST(parsed["event"].get<std::string>() == "verdict");
    BOOST_TEST(parsed["policy_generation"].get<std::uint64_t>() == 7u);
    BOOST_TEST(parsed["flow_id"].get<std::string>() == "000000000000c1f3");
    BOOST_TEST(parsed["transport"].get<std::string>() == "tcp");
    BOOST_TEST(parsed["src_ip"].get<std::string>() == "192.0.2.15");
    BOOST_TEST(parsed["src_port"].get<int>() == 50000);
    BOOST_TEST(parsed["dst_ip"].get<std::string>() == "2001:db8::20");
    BOOST_TEST(parsed["dst_port"].get<int>() == 443);
    BOOST_TEST(parsed["vlan"].get<int>() == 30);
    BOOST_TEST(parsed["host"].get<std::string>() == "www.instagram.com");
    BOOST_TEST(parsed["host_source"].get<std::string>() == "tls");
    BOOST_TEST(parsed["service"].get<std::string>() == "instagram");
    BOOST_TEST(parsed["classifier"].get<std::string>() == "tls");
    const json& tls = parsed["tls"];
    BOOST_TEST(keys_of(tls) == (std::set<std::string>{"alpn", "versions", "ech", "esni", "client_hello_segments",
                                                       "client_hello_records"}),
               boost::test_tools::per_element());
    BOOST_TEST(tls["alpn"].get<std::vector<std::string>>() == (std::vector<std::string>{"h2", "http/1.1"}),
               boost::test_tools::per_element());
    BOOST_TEST(tls["versions"].get<std::vector<int>>() == (std::vector<int>{0x0304, 0x0303}),
               boost::test_tools::per_element());
    BOOST_TEST(tls["ech"].get<bool>());
    BOOST_TEST(!tls["esni"].get<bool>());
    BOOST_TEST(tls["client_hello_segments"].get<int>() == 2);
    BOOST_TEST(tls["client_hello_records"].get<int>() == 1);
    BOOST_TEST(parsed["observations"].get<std::vector<std::string>>() ==
                   (std::vector<std::string>{"tls.fragmented_client_hello"}),
               boost::test_tools::per_element());
    BOOST_TEST(parsed["anomalies"].get<std::vector<std::string>>() ==
                   (std::vector<std::string>{"tcp.reassembly_too_large"}),
               boost::test_tools::per_element());
    BOOST_TEST(parsed["role"].get<std::string>() == "pupil");
    BOOST_TEST(parsed["user"].get<std::string>() == "u-123");
    BOOST_TEST(parsed["device"].get<std::string>() == "d-7f2a");
    BOOST_TEST(parsed["verdict"].get<std::string>() == "block");
    BOOST_TEST(parsed["rule"].get<std::string>() == "no-social-media");
    BOOST_TEST(parsed["reason"].get<std::string>() == "Social media is not available.");
    BOOST_TEST(parsed["school_time"].get<std::string>() == "2026-03-04T10:15:00.041+00:00");
    BOOST_TEST(parsed["period"].get<std::string>() == "P2 (lesson)");
    BOOST_TEST(parsed["exemption"].get<std::string>() == "ex-2026-001");
    BOOST_TEST(parsed["packets"].get<int>() == 4);
}

BOOST_AUTO_TEST_CASE(empty_optional_fields_are_left_out) {
    VerdictEvent event;
    event.transport = classifiers::Transport::Udp;
    event.flow_id = 1;
    event.verdict = "allow";
    event.rule = "default";
    event.role = "unknown";
    const json parsed = json::parse(to_json_line(event));
    const std::set<std::string> expected_keys{"schema_version", "ts",       "event",  "policy_generation",
                                              "flow_id",        "transport", "src_ip", "src_port",
                                              "dst_ip",         "dst_port", "role",   "identity_source", "verdict",
                                              "rule",           "reason",   "school_time", "packets"};
    BOOST_TEST(keys_of(parsed) == expected_keys, boost::test_tools::per_element());
    BOOST_TEST(parsed["transport"].get<std::string>() == "udp");
    BOOST_TEST(parsed["flow_id"].get<std::string>() == "0000000000000001");
}

BOOST_AUTO_TEST_CASE(flow_id_uses_all_64_bits) {
    VerdictEvent event = full_event();
    event.flow_id = 0xffffffffffffffffULL;
    BOOST_TEST(json::parse(to_json_line(event))["flow_id"].get<std::string>() == "ffffffffffffffff");
}

BOOST_AUTO_TEST_CASE(a_64_kib_host_is_capped_at_255_bytes_and_marked_truncated) {
    VerdictEvent event = full_event();
    event.host.assign(64 * 1024, 'a');
    const std::string line = to_json_line(event);
    BOOST_TEST(line.size() < 2048u);
    const json parsed = json::parse(line);
    BOOST_TEST(parsed["host"].get<std::string>() == std::string(kMaxUntrustedStringBytes, 'a'));
    BOOST_TEST(kMaxUntrustedStringBytes == 255u);
    BOOST_TEST(parsed["truncated"].get<bool>());
}

BOOST_AUTO_TEST_CASE(a_host_of_exactly_255_bytes_is_not_truncated) {
    VerdictEvent event = full_event();
    event.host.assign(kMaxUntrustedStringBytes, 'b');
    const json parsed = json::parse(to_json_line(event));
    BOOST_TEST(parsed["host"].get<std::string>().size() == kMaxUntrustedStringBytes);
    BOOST_TEST(!parsed.contains("truncated"));
}

BOOST_AUTO_TEST_CASE(an_over_long_alpn_protocol_is_capped_and_marked_truncated) {
    VerdictEvent event = full_event();
    event.tls->alpn = {std::string(1000, 'p')};
    const json parsed = json::parse(to_json_line(event));
    BOOST_TEST(parsed["tls"]["alpn"][0].get<std::string>().size() == kMaxUntrustedStringBytes);
    BOOST_TEST(parsed["truncated"].get<bool>());
    BOOST_TEST(parsed["host"].get<std::string>() == "www.instagram.com");
}

BOOST_AUTO_TEST_CASE(cutting_inside_a_utf8_character_still_writes_valid_json) {
    VerdictEvent event = full_event();
    event.host = std::string(kMaxUntrustedStringBytes - 1, 'c') + "\xc3\xa9";  // "é" straddles the cap
    const std::string line = to_json_line(event);
    BOOST_TEST(is_one_clean_line(line));
    const json parsed = json::parse(line);
    BOOST_TEST(parsed["host"].get<std::string>() == std::string(kMaxUntrustedStringBytes - 1, 'c') + "\xef\xbf\xbd");
    BOOST_TEST(parsed["truncated"].get<bool>());
}

struct HostileCase {
    const char* name;
    std::string host;
    bool valid_utf8;
};
std::ostream& operator<<(std::ostream& out, const HostileCase& c) { return out << c.name; }

const std::vector<HostileCase> kHostileHosts = {
    {"forged_field", "x\",\"verdict\":\"allow", true},
    {"forged_field_and_brace", "x\"},\"verdict\":\"allow\",\"y\":{\"z\":\"", true},
    {"quotes_and_backslashes", "a\"b\\c\\\"d\\", true},
    {"newline_forged_event", "x\n{\"schema_version\":1,\"event\":\"verdict\",\"verdict\":\"allow\"}", true},
    {"carriage_return", "x\ry\r\n", true},
    {"control_bytes", std::string("a\0b\x01\x1b[2Jc\x7f\t", 11), true},
    {"unicode_line_separators", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c\xc2\x85", true},
    {"invalid_utf8", "\xff\xfe\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80", false},
    {"lone_continuation_then_quote", "\x80\"verdict\":\"allow", false},
    {"truncated_utf8_then_quote", "\xe2\x82\",\"verdict\":\"allow", false},
};

BOOST_DATA_TEST_CASE(a_hostile_host_stays_one_line_and_cannot_add_a_field, data::make(kHostileHosts), c) {
    VerdictEvent event = full_event();
    event.host = c.host;
    const std::string line = to_json_line(event);
    BOOST_TEST(is_one_clean_line(line));
    BOOST_TEST(std::count(line.begin(), line.end(), '\n') == 0);
    json parsed;
    BOOST_REQUIRE_NO_THROW(parsed = json::parse(line));
    BOOST_TEST(keys_of(parsed) == keys_of(json::parse(to_json_line(full_event()))), boost::test_tools::per_element());
    BOOST_TEST(parsed["verdict"].get<std::string>() == "block");
    BOOST_TEST(parsed["rule"].get<std::string>() == "no-social-media");
    BOOST_TEST(parsed["service"].get<std::string>() == "instagram");
    // The host comes back as one string: byte for byte when it was valid UTF-8.
    const std::string host = parsed["host"].get<std::string>();
    if (c.valid_utf8) {
        BOOST_TEST(host == c.host);
    } else {
        BOOST_TEST(host.find("\xef\xbf\xbd") != std::string::npos);  // U+FFFD replaced the bad bytes
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
