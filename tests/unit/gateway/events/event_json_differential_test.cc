// The direct event writer (gateway/events/event_json.cc over json_line_writer.h) against the nlohmann::json
// serializer it replaced (reference_event_json.cc, kept only here): the same event must give the same line,
// byte for byte. Hand-written edge cases first, then every subset of the optional fields, then random events
// with random bytes in every string (fixed seed, so every run checks the same events).
#include <algorithm>
#include <array>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/events/event_json.h"
#include "gateway/events/json_line_writer.h"
#include "unit/gateway/events/reference_event_json.h"

namespace schoolgate::gateway::events {
namespace {

using namespace std::chrono_literals;

// Bytes around `at`, printable ASCII as itself and everything else as \xNN, so a failure shows what differs.
std::string show_around(const std::string& text, std::size_t at) {
    constexpr std::size_t kContext = 40;
    const std::size_t begin = at > kContext ? at - kContext : 0;
    const std::size_t end = std::min(text.size(), at + kContext);
    std::string shown;
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = begin; i < end; ++i) {
        if (i == at) shown += "<<HERE>>";
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7F && byte != '\\') {
            shown.push_back(static_cast<char>(byte));
        } else {
            shown += "\\x";
            shown.push_back(kHex[byte >> 4]);
            shown.push_back(kHex[byte & 0x0F]);
        }
    }
    if (at >= end) shown += "<<HERE: end>>";
    return shown;
}

// Empty when the two are the same; otherwise where and how they first differ.
std::string first_difference(const std::string& expected, const std::string& actual) {
    if (expected == actual) return {};
    const auto [e, a] = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
    const auto at = static_cast<std::size_t>(e - expected.begin());
    std::ostringstream out;
    out << "first differing byte at offset " << at << " (expected " << expected.size() << " bytes, got "
        << actual.size() << ")\n  expected: " << show_around(expected, at)
        << "\n  actual:   " << show_around(actual, at);
    return out.str();
}

// Fails the test case at the first line that differs, saying which case it was.
#define SG_REQUIRE_SAME_LINE(expected, actual, what)                                              \
    do {                                                                                          \
        const std::string sg_difference = first_difference((expected), (actual));                 \
        if (!sg_difference.empty()) BOOST_FAIL((what) << ": " << sg_difference);                  \
    } while (false)

std::string direct_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

void require_same_string(std::string_view text, std::string_view what) {
    const std::string expected = reference::json_string(text);
    const std::string actual = direct_string(text);
    if (expected != actual) {
        BOOST_FAIL(what << " (input " << show_around(std::string{text}, text.size()) << "): "
                        << first_difference(expected, actual));
    }
}

WallTime at(std::chrono::year_month_day date, std::chrono::microseconds time_of_day) {
    return WallTime{std::chrono::sys_days{date}} + time_of_day;
}

// Strings that have caught JSON writers out: every escape, every control byte class, and every kind of
// ill-formed UTF-8, alone, between ASCII, and at the very end.
const std::vector<std::string> kEdgeStrings = {
    "",
    "plain",
    "\"",
    "\\",
    "a\"b\\c\\\"d\\",
    std::string("\0", 1),
    std::string("a\0b", 3),
    "\x01\x02\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x1b\x1f",
    "\x7f",
    " ~\x7f!",
    "x\",\"verdict\":\"allow",
    "x\n{\"schema_version\":1,\"event\":\"verdict\",\"verdict\":\"allow\"}",
    // Well-formed 2, 3 and 4 byte characters, at the edges of their ranges.
    "\xc2\x80\xc2\xbf\xdf\xbf",
    "\xc3\xa9t\xc3\xa9",
    "\xe0\xa0\x80\xe2\x82\xac\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf",
    "\xe2\x80\xa8\xe2\x80\xa9\xc2\x85",
    "\xef\xbb\xbf" "bom",
    "\xf0\x90\x80\x80\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf",
    "\xf3\xbf\xbf\xbf",
    // Lone continuation bytes.
    "\x80",
    "\xbf",
    "a\x80" "b",
    "\x80\x80\x80",
    // Overlong forms.
    "\xc0\x80",
    "\xc1\xbf",
    "\xc0\xaf",
    "\xe0\x80\x80",
    "\xe0\x9f\xbf",
    "\xf0\x80\x80\x80",
    "\xf0\x8f\xbf\xbf",
    // Surrogates.
    "\xed\xa0\x80",
    "\xed\xbf\xbf",
    "\xed\xa0\x80\xed\xb0\x80",
    // Above U+10FFFF and bytes that never start a character.
    "\xf4\x90\x80\x80",
    "\xf5\x80\x80\x80",
    "\xf8\x88\x80\x80\x80",
    "\xfc\x84\x80\x80\x80\x80",
    "\xfe",
    "\xff",
    "\xff\xfe\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80",
    // Sequences cut short in the middle.
    "\xc3" "a",
    "\xe2\x82" "a",
    "\xf0\x9f\x98" "a",
    "\xe2\x82\",\"verdict\":\"allow",
    "\xc3\xc3\xa9",
    "\xe2\xe2\x82\xac",
    "\xf0\x9f\xf0\x9f\x98\x80",
    "\xe2\x82\n",
    "\xf0\x9f\x98\x5c",
    // Sequences cut short at the very end.
    "\xc3",
    "a\xc3",
    "\xe2",
    "\xe2\x82",
    "abc\xe2\x82",
    "\xf0",
    "\xf0\x9f",
    "\xf0\x9f\x98",
    "\xed",
    "\xed\x9f",
    "\xf4\x8f\xbf",
    "\xe0\xa0",
    "\x80\xe2\x82",
};

// A full event, every optional field filled in (as event_json_test.cc's).
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
    event.observations = {"tls.fragmented_client_hello", "tls.record_split"};
    event.anomalies = {"tcp.reassembly_too_large"};
    event.techniques = {{"vpn.openvpn", "high", "OpenVPN opcode and session id on UDP 1194", "block"},
                        {"proxy.http_connect", "medium", "CONNECT to a listed service", "log"}};
    event.kind = "circumvention";
    event.service_source = "name";
    event.ndpi_protocol = "TLS.Instagram";
    event.ndpi_risks = {"Known Protocol on Non Standard Port", "TLS (probably) Not Carrying HTTPS"};
    event.role = "pupil";
    event.user = "u-123";
    event.device = "d-7f2a";
    event.identity_source = "dhcp";
    event.binding_age_s = 900;
    event.verdict = "block";
    event.rule = "no-social-media";
    event.reason = "Social media is not available.";
    event.school_time = "2026-03-04T10:15:00.041+00:00";
    event.period = "P2 (lesson)";
    event.exemption = "ex-2026-001";
    event.packets = 4;
    return event;
}

AlertEvent full_alert() {
    AlertEvent alert;
    alert.ts = at(std::chrono::year{2026} / 3 / 4, 10h + 15min + 41ms);
    alert.policy_generation = 3;
    alert.alert = "circumvention";
    alert.src_ip = *net::IpAddress::parse("10.20.30.40");
    alert.role = "pupil";
    alert.user = "u-123";
    alert.device = "d-7f2a";
    alert.attempts = 5;
    alert.window_seconds = 600;
    alert.first_attempt = at(std::chrono::year{2026} / 3 / 4, 10h + 5min);
    alert.services = {"facebook", "instagram"};
    alert.techniques = {"dns.doh", "vpn.openvpn"};
    alert.reason = "Five blocked attempts in ten minutes.";
    alert.rule = "circumvention.repeated_attempts";
    alert.school_time = "2026-03-04T10:15:00.041+00:00";
    alert.period = "P2 (lesson)";
    return alert;
}

void require_same(const VerdictEvent& event, std::string_view what) {
    SG_REQUIRE_SAME_LINE(reference::to_json_line(event), to_json_line(event), what);
}
void require_same(const AlertEvent& event, std::string_view what) {
    SG_REQUIRE_SAME_LINE(reference::to_json_line(event), to_json_line(event), what);
}
void require_same_gap(WallTime until, WallTime since, std::uint64_t lost, std::string_view cause,
                      std::string_view what) {
    SG_REQUIRE_SAME_LINE(reference::gap_json_line(until, since, lost, cause),
                         gap_json_line(until, since, lost, cause), what);
}

// Times at the edges: the epoch, before it, leap days, the last millisecond of year 9999, and years that do
// not fit in four digits (which the writer formats the slow way, as before).
const std::vector<WallTime> kEdgeTimes = {
    WallTime{},
    WallTime{-1us},
    WallTime{-1000us},
    WallTime{999us},
    at(std::chrono::year{2024} / 2 / 29, 23h + 59min + 59s + 999ms + 999us),
    at(std::chrono::year{2026} / 3 / 4, 10h + 15min + 41ms),
    at(std::chrono::year{1900} / 1 / 1, 0us),
    at(std::chrono::year{1} / 1 / 1, 0us),
    at(std::chrono::year{0} / 1 / 1, 0us),
    at(std::chrono::year{0} / 1 / 1, -1us),
    at(std::chrono::year{-1} / 12 / 31, 12h),
    at(std::chrono::year{-999} / 6 / 15, 1h),
    at(std::chrono::year{-10000} / 6 / 15, 1h),
    at(std::chrono::year{9999} / 12 / 31, 23h + 59min + 59s + 999ms + 999us),
    at(std::chrono::year{10000} / 1 / 1, 0us),
    at(std::chrono::year{32767} / 12 / 31, 23h),
    at(std::chrono::year{-32767} / 1 / 1, 0us),
};

const std::vector<std::string_view> kEdgeAddresses = {
    "0.0.0.0",     "255.255.255.255", "1.2.3.4",      "10.0.0.1",           "100.20.3.0",
    "192.168.10.9", "::",              "::1",          "::ffff:1.2.3.4",     "2001:db8::",
    "fe80::1:2:3:4", "2001:db8:0:0:1:0:0:1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "1::",
    "2001:db8:1:2:3:4:5:6",
};

BOOST_AUTO_TEST_SUITE(EventJsonDifferentialTest)

BOOST_AUTO_TEST_CASE(edge_strings_are_escaped_as_nlohmann_escapes_them) {
    for (const std::string& text : kEdgeStrings) require_same_string(text, "edge string");
}

BOOST_AUTO_TEST_CASE(every_string_of_one_or_two_bytes_is_escaped_as_nlohmann_escapes_it) {
    std::string text(1, '\0');
    for (int a = 0; a < 256; ++a) {
        text[0] = static_cast<char>(a);
        require_same_string(text, "one byte");
    }
    text.assign(2, '\0');
    for (int a = 0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            text[0] = static_cast<char>(a);
            text[1] = static_cast<char>(b);
            require_same_string(text, "two bytes");
        }
    }
}

BOOST_AUTO_TEST_CASE(strings_of_three_and_four_boundary_bytes_are_escaped_as_nlohmann_escapes_them) {
    // Each class of the UTF-8 decoder at its edges, and the bytes that need an escape.
    const std::vector<unsigned char> three = {0x00, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x20, 0x22, 0x41, 0x5c,
                                              0x7e, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2,
                                              0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4,
                                              0xf5, 0xf8, 0xff};
    const std::vector<unsigned char> four = {0x22, 0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
                                             0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
    std::string text(3, '\0');
    for (auto a : three) {
        for (auto b : three) {
            for (auto c : three) {
                text = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)};
                require_same_string(text, "three bytes");
            }
        }
    }
    for (auto a : four) {
        for (auto b : four) {
            for (auto c : four) {
                for (auto d : four) {
                    text = {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)};
                    require_same_string(text, "four bytes");
                    require_same_string("x" + text + "y", "four bytes between ASCII");
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_full_event_and_the_full_alert_are_the_same) {
    require_same(full_event(), "full event");
    require_same(full_alert(), "full alert");
    require_same(VerdictEvent{}, "default event");
    require_same(AlertEvent{}, "default alert");
    require_same_gap(kEdgeTimes[5], kEdgeTimes[4], 17, "queue_full", "gap");
}

// Every one of the 2^16 ways to have the optional keys of a verdict event present or absent (the 15 optional
// fields and "truncated").
BOOST_AUTO_TEST_CASE(every_subset_of_optional_fields_is_the_same) {
    const VerdictEvent full = full_event();
    constexpr int kOptional = 16;
    for (std::uint32_t mask = 0; mask < (1u << kOptional); ++mask) {
        VerdictEvent event = full;
        const auto absent = [mask](int bit) { return (mask & (1u << bit)) != 0; };
        if (absent(0)) event.vlan_id = 0;
        if (absent(1)) event.host.clear();
        if (absent(2)) event.host_source = classifiers::HostSource::None;
        if (absent(3)) event.service.clear();
        if (absent(4)) event.classifier = {};
        if (absent(5)) event.tls.reset();
        if (absent(6)) event.observations.clear();
        if (absent(7)) event.anomalies.clear();
        if (absent(8)) event.techniques.clear();
        if (absent(9)) event.service_source = {};
        if (absent(10)) event.ndpi_protocol.clear();
        if (absent(11)) event.user.clear();
        if (absent(12)) {
            event.device.clear();
            event.binding_age_s.reset();
        }
        if (absent(13)) event.period.clear();
        if (absent(14)) event.exemption.clear();
        if (!absent(15)) {  // every capped string still there goes over the cap: "truncated"
            if (!event.host.empty()) event.host.assign(300, 'h');
            if (event.tls) event.tls->alpn.push_back(std::string(300, 'p'));
            if (!event.techniques.empty()) event.techniques[0].evidence.assign(300, 'e');
            if (!event.ndpi_protocol.empty()) event.ndpi_risks.push_back(std::string(300, 'r'));
        }
        require_same(event, "optional fields mask " + std::to_string(mask));
    }
    const AlertEvent full_a = full_alert();
    for (std::uint32_t mask = 0; mask < 8; ++mask) {
        AlertEvent alert = full_a;
        if ((mask & 1u) != 0) alert.user.clear();
        if ((mask & 2u) != 0) alert.device.clear();
        if ((mask & 4u) != 0) alert.period.clear();
        require_same(alert, "alert optional fields mask " + std::to_string(mask));
    }
}

BOOST_AUTO_TEST_CASE(empty_strings_and_empty_arrays_are_the_same) {
    VerdictEvent event = full_event();
    event.tls->alpn.clear();
    event.tls->supported_versions.clear();
    require_same(event, "tls with empty alpn and versions");
    event.tls->alpn = {"", ""};
    event.ndpi_risks.clear();
    require_same(event, "empty alpn names, no nDPI risks");
    event.ndpi_risks = {""};
    event.techniques = {{"", "", "", ""}};
    event.observations = {""};
    event.anomalies = {"", ""};
    event.kind = "";
    event.role.clear();
    event.verdict = "";
    event.rule.clear();
    event.reason.clear();
    event.school_time.clear();
    require_same(event, "empty strings everywhere");
    event.tls = classifiers::TlsFacts{};
    require_same(event, "default tls");

    AlertEvent alert = full_alert();
    alert.services.clear();
    alert.techniques.clear();
    require_same(alert, "alert with no services or techniques");
    alert.services = {""};
    alert.techniques = {""};
    alert.alert = "";
    alert.role.clear();
    alert.reason.clear();
    alert.school_time.clear();
    require_same(alert, "alert with empty strings");
    require_same_gap(WallTime{}, WallTime{}, 0, "", "gap with empty cause");
}

// Each edge string in each string field of each kind of event, one field at a time.
BOOST_AUTO_TEST_CASE(every_edge_string_in_every_field_is_the_same) {
    for (const std::string& text : kEdgeStrings) {
        for (int field = 0; field < 26; ++field) {
            VerdictEvent event = full_event();
            switch (field) {
                case 0: event.kind = text; break;
                case 1: event.other_transport = text; break;
                case 2: event.host = text; break;
                case 3: event.service = text; break;
                case 4: event.classifier = text; break;
                case 5: event.tls->alpn = {text, text}; break;
                case 6: event.observations = {text}; break;
                case 7: event.anomalies = {text, "x"}; break;
                case 8: event.techniques[0].name = text; break;
                case 9: event.techniques[1].confidence = text; break;
                case 10: event.techniques[0].evidence = text; break;
                case 11: event.techniques[1].action = text; break;
                case 12: event.service_source = text; break;
                case 13: event.ndpi_protocol = text; break;
                case 14: event.ndpi_risks = {text}; break;
                case 15: event.role = text; break;
                case 16: event.user = text; break;
                case 17: event.device = text; break;
                case 18: event.verdict = text; break;
                case 19: event.rule = text; break;
                case 20: event.reason = text; break;
                case 21: event.school_time = text; break;
                case 22: event.period = text; break;
                case 23: event.exemption = text; break;
                default: break;
            }
            if (field < 24) require_same(event, "verdict field " + std::to_string(field));
            AlertEvent alert = full_alert();
            switch (field) {
                case 0: alert.alert = text; break;
                case 1: alert.role = text; break;
                case 2: alert.user = text; break;
                case 3: alert.device = text; break;
                case 4: alert.services = {text, text}; break;
                case 5: alert.techniques = {text}; break;
                case 6: alert.reason = text; break;
                case 7: alert.school_time = text; break;
                case 8: alert.period = text; break;
                default: break;
            }
            if (field < 9) require_same(alert, "alert field " + std::to_string(field));
            if (field == 0) require_same_gap(WallTime{}, WallTime{}, 1, text, "gap cause");
        }
    }
}

BOOST_AUTO_TEST_CASE(capped_strings_are_cut_and_flagged_the_same_way) {
    const std::size_t cap = kMaxUntrustedStringBytes;
    BOOST_TEST(cap == 255u);
    const std::vector<std::string> texts = {
        std::string(cap, 'a'),
        std::string(cap + 1, 'a'),
        std::string(64 * 1024, 'a'),
        std::string(cap - 1, 'c') + "\xc3\xa9",          // a 2-byte character straddles the cap
        std::string(cap - 2, 'c') + "\xc3\xa9",          // ends exactly at the cap
        std::string(cap - 1, 'c') + "\xe2\x82\xac",      // 3-byte, one byte inside the cap
        std::string(cap - 2, 'c') + "\xe2\x82\xac",      // 3-byte, two bytes inside the cap
        std::string(cap - 3, 'c') + "\xe2\x82\xac",      // 3-byte, ends exactly at the cap
        std::string(cap - 1, 'c') + "\xf0\x9f\x98\x80",  // 4-byte, cut after one, two, three bytes
        std::string(cap - 2, 'c') + "\xf0\x9f\x98\x80",
        std::string(cap - 3, 'c') + "\xf0\x9f\x98\x80",
        std::string(cap - 4, 'c') + "\xf0\x9f\x98\x80",
        std::string(cap - 1, '"') + "\\\\",              // escapes near the cap
        std::string(cap, '\x01') + "x",
        std::string(cap - 1, 'c') + "\xff\xff",
    };
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::string what = "capped text " + std::to_string(i);
        for (int field = 0; field < 5; ++field) {
            VerdictEvent event = full_event();
            switch (field) {
                case 0: event.host = texts[i]; break;
                case 1: event.tls->alpn = {"h2", texts[i]}; break;
                case 2: event.techniques[1].evidence = texts[i]; break;
                case 3: event.ndpi_protocol = texts[i]; break;
                default: event.ndpi_risks = {texts[i], "x"}; break;
            }
            require_same(event, what + " in field " + std::to_string(field));
            // And with no other field over the cap, so "truncated" rests on this one alone.
            event.host = "h";
            if (field == 0) event.host = texts[i];
            require_same(event, what + " alone in field " + std::to_string(field));
        }
    }
}

BOOST_AUTO_TEST_CASE(integers_at_their_limits_are_the_same) {
    VerdictEvent event = full_event();
    for (const bool high : {false, true}) {
        event.policy_generation = high ? std::numeric_limits<std::uint64_t>::max() : 0;
        event.flow_id = high ? std::numeric_limits<std::uint64_t>::max() : 0;
        event.src_port = high ? std::numeric_limits<std::uint16_t>::max() : 0;
        event.dst_port = high ? std::numeric_limits<std::uint16_t>::max() : 0;
        event.vlan_id = high ? std::numeric_limits<std::uint16_t>::max() : 1;
        event.packets = high ? std::numeric_limits<std::uint32_t>::max() : 0;
        event.tls->supported_versions = {0, 1, 9, 10, 99, 100, 0x0304, 0xffff};
        event.tls->client_hello_segments = high ? std::numeric_limits<std::uint16_t>::max() : 0;
        event.tls->client_hello_records = high ? std::numeric_limits<std::uint16_t>::max() : 0;
        event.tls->ech = high;
        event.tls->esni = !high;
        require_same(event, high ? "maximum integers" : "minimum integers");
        AlertEvent alert = full_alert();
        alert.policy_generation = event.policy_generation;
        alert.attempts = event.packets;
        alert.window_seconds = event.packets;
        require_same(alert, high ? "alert maximum integers" : "alert minimum integers");
        require_same_gap(WallTime{}, WallTime{}, event.policy_generation, "write_failed", "gap lost");
    }
    for (const std::uint64_t id : {0x1ULL, 0xfULL, 0x10ULL, 0xabcdef0123456789ULL, 0x8000000000000000ULL}) {
        event.flow_id = id;
        require_same(event, "flow id " + std::to_string(id));
    }
    for (std::uint64_t value = 1; value != 0; value *= 10) {  // every digit count, and one less
        event.policy_generation = value;
        require_same(event, "generation " + std::to_string(value));
        event.policy_generation = value - 1;
        require_same(event, "generation " + std::to_string(value - 1));
        if (value > std::numeric_limits<std::uint64_t>::max() / 10) break;
    }
}

BOOST_AUTO_TEST_CASE(times_addresses_transports_and_host_sources_are_the_same) {
    for (const WallTime time : kEdgeTimes) {
        BOOST_TEST(format_utc(time) == reference::format_utc(time));
        VerdictEvent event = full_event();
        event.ts = time;
        require_same(event, "time " + reference::format_utc(time));
        AlertEvent alert = full_alert();
        alert.ts = time;
        alert.first_attempt = time;
        require_same(alert, "alert time " + reference::format_utc(time));
        require_same_gap(time, time, 2, "queue_full", "gap time " + reference::format_utc(time));
    }
    for (const std::string_view text : kEdgeAddresses) {
        const auto address = net::IpAddress::parse(text);
        BOOST_REQUIRE(address.has_value());
        VerdictEvent event = full_event();
        event.src_ip = *address;
        event.dst_ip = *address;
        require_same(event, "address " + std::string{text});
        AlertEvent alert = full_alert();
        alert.src_ip = *address;
        require_same(alert, "alert address " + std::string{text});
    }
    VerdictEvent event = full_event();
    event.src_ip = net::IpAddress{};
    require_same(event, "default address");
    for (const auto transport : {classifiers::Transport::Tcp, classifiers::Transport::Udp}) {
        event.transport = transport;
        event.other_transport = {};
        require_same(event, "transport");
        event.other_transport = "gre";
        require_same(event, "other transport");
    }
    for (int source = 0; source <= static_cast<int>(classifiers::HostSource::Ip); ++source) {
        event.host_source = static_cast<classifiers::HostSource>(source);
        require_same(event, "host source " + std::to_string(source));
    }
}

// --- Random events -------------------------------------------------------------------------------------------

class RandomEvents {
public:
    explicit RandomEvents(std::uint64_t seed) : rng_(seed) {}

    std::uint64_t next() { return rng_(); }
    std::uint64_t below(std::uint64_t bound) { return rng_() % bound; }
    bool chance(unsigned percent) { return below(100) < percent; }

    // Random bytes of several kinds: uniform bytes, mostly printable text, and pieces of UTF-8 (whole,
    // cut, overlong, surrogate, out of range) glued together. Lengths reach past the cap now and then.
    std::string bytes() {
        const std::uint64_t length_kind = below(10);
        const std::size_t length = length_kind < 4   ? below(12)
                                   : length_kind < 8 ? below(64)
                                   : length_kind < 9 ? 240 + below(40)
                                                     : below(600);
        std::string text;
        const std::uint64_t mode = below(3);
        while (text.size() < length) {
            if (mode == 0) {
                text.push_back(static_cast<char>(below(256)));
            } else if (mode == 1) {
                text.push_back(chance(90) ? static_cast<char>(0x20 + below(0x5f)) : static_cast<char>(below(256)));
            } else {
                static const std::array<std::string_view, 40> kPieces = {
                    "a", "Z", " ", "\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f", std::string_view("\0", 1),
                    "\xc3\xa9", "\xdf\xbf", "\xe2\x82\xac", "\xed\x9f\xbf", "\xef\xbf\xbd", "\xf0\x9f\x98\x80",
                    "\xf4\x8f\xbf\xbf", "\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xf0\x9f", "\xe2", "\x80", "\xbf",
                    "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf",
                    "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80", "\xf8", "\xfe", "\xff", "www.", ".com",
                    "\xe2\x80\xa8"};
                text.append(kPieces[below(kPieces.size())]);
            }
        }
        if (mode != 2) text.resize(length);
        return text;
    }
    // A string_view into storage that lives as long as the event.
    std::string_view view(std::deque<std::string>& storage) {
        storage.push_back(bytes());
        return storage.back();
    }
    std::string maybe_bytes() { return chance(30) ? std::string{} : bytes(); }

    net::IpAddress address() {
        std::array<std::uint8_t, 16> raw{};
        const bool v4 = chance(60);
        for (std::size_t i = 0; i < (v4 ? 4u : 16u); ++i) {
            raw[i] = chance(v4 ? 10 : 40) ? 0 : static_cast<std::uint8_t>(below(256));
        }
        return *net::IpAddress::from_network_bytes(std::span<const std::uint8_t>{raw.data(), v4 ? 4u : 16u});
    }

    WallTime time() {
        if (chance(90)) {  // around now
            return at(std::chrono::year{2026} / 3 / 4, 0us) +
                   std::chrono::microseconds{static_cast<std::int64_t>(below(400ULL * 86400 * 1000000)) -
                                             static_cast<std::int64_t>(200ULL * 86400 * 1000000)};
        }
        // Anywhere in years -30000..30000.
        constexpr std::int64_t kSpan = 30000LL * 366 * 86400 * 1000000;
        return WallTime{std::chrono::microseconds{static_cast<std::int64_t>(below(2 * kSpan)) - kSpan}};
    }

    template <typename Integer>
    Integer integer() {
        const std::uint64_t kind = below(4);
        const std::uint64_t value = kind == 0 ? below(10) : kind == 1 ? below(100000) : next();
        return static_cast<Integer>(kind == 3 ? std::numeric_limits<Integer>::max() - below(3) : value);
    }

    VerdictEvent verdict(std::deque<std::string>& storage) {
        VerdictEvent event;
        event.kind = view(storage);
        event.ts = time();
        event.policy_generation = integer<std::uint64_t>();
        event.flow_id = next();
        event.transport = chance(50) ? classifiers::Transport::Tcp : classifiers::Transport::Udp;
        if (chance(20)) event.other_transport = view(storage);
        event.src_ip = address();
        event.src_port = integer<std::uint16_t>();
        event.dst_ip = address();
        event.dst_port = integer<std::uint16_t>();
        event.vlan_id = chance(50) ? 0 : integer<std::uint16_t>();
        event.host = maybe_bytes();
        event.host_source = static_cast<classifiers::HostSource>(below(9));
        event.service = maybe_bytes();
        if (chance(70)) event.classifier = view(storage);
        if (chance(60)) {
            classifiers::TlsFacts tls;
            for (std::uint64_t n = below(4); n > 0; --n) tls.alpn.push_back(bytes());
            for (std::uint64_t n = below(5); n > 0; --n) tls.supported_versions.push_back(integer<std::uint16_t>());
            tls.ech = chance(50);
            tls.esni = chance(50);
            tls.client_hello_segments = integer<std::uint16_t>();
            tls.client_hello_records = integer<std::uint16_t>();
            event.tls = std::move(tls);
        }
        for (std::uint64_t n = below(3); n > 0; --n) event.observations.push_back(view(storage));
        for (std::uint64_t n = below(3); n > 0; --n) event.anomalies.push_back(view(storage));
        for (std::uint64_t n = below(3); n > 0; --n) {
            event.techniques.push_back({view(storage), view(storage), bytes(), view(storage)});
        }
        if (chance(60)) event.service_source = view(storage);
        event.ndpi_protocol = maybe_bytes();
        for (std::uint64_t n = below(3); n > 0; --n) event.ndpi_risks.push_back(bytes());
        event.role = bytes();
        event.user = maybe_bytes();
        event.device = maybe_bytes();
        event.identity_source = view(storage);
        if (chance(50)) event.binding_age_s = below(std::uint64_t{1} << 40);
        event.verdict = view(storage);
        event.rule = bytes();
        event.reason = bytes();
        event.school_time = bytes();
        event.period = maybe_bytes();
        event.exemption = maybe_bytes();
        event.packets = integer<std::uint32_t>();
        return event;
    }

    AlertEvent alert(std::deque<std::string>& storage) {
        AlertEvent alert;
        alert.ts = time();
        alert.policy_generation = integer<std::uint64_t>();
        alert.alert = view(storage);
        alert.src_ip = address();
        alert.role = bytes();
        alert.user = maybe_bytes();
        alert.device = maybe_bytes();
        alert.attempts = integer<std::uint32_t>();
        alert.window_seconds = integer<std::uint32_t>();
        alert.first_attempt = time();
        for (std::uint64_t n = below(4); n > 0; --n) alert.services.push_back(bytes());
        for (std::uint64_t n = below(4); n > 0; --n) alert.techniques.push_back(view(storage));
        alert.reason = bytes();
        alert.school_time = bytes();
        alert.period = maybe_bytes();
        return alert;
    }

private:
    std::mt19937_64 rng_;
};

BOOST_AUTO_TEST_CASE(a_hundred_thousand_random_verdict_events_are_the_same) {
    RandomEvents random{0x5c400174e5ULL};
    std::deque<std::string> storage;
    std::string reused;  // as JsonlEventWriter uses it: cleared and appended to
    for (int i = 0; i < 100'000; ++i) {
        storage.clear();
        const VerdictEvent event = random.verdict(storage);
        const std::string expected = reference::to_json_line(event);
        reused.clear();
        append_json_line(event, reused);
        SG_REQUIRE_SAME_LINE(expected, reused, "random verdict event " + std::to_string(i));
    }
}

BOOST_AUTO_TEST_CASE(random_alert_and_gap_events_are_the_same) {
    RandomEvents random{20260304ULL};
    std::deque<std::string> storage;
    for (int i = 0; i < 20'000; ++i) {
        storage.clear();
        const AlertEvent alert = random.alert(storage);
        require_same(alert, "random alert event " + std::to_string(i));
        const std::string cause = random.bytes();
        const WallTime until = random.time();
        const WallTime since = random.time();
        const auto lost = random.integer<std::uint64_t>();
        require_same_gap(until, since, lost, cause, "random gap event " + std::to_string(i));
    }
}

BOOST_AUTO_TEST_CASE(random_strings_are_escaped_as_nlohmann_escapes_them) {
    RandomEvents random{42ULL};
    for (int i = 0; i < 200'000; ++i) require_same_string(random.bytes(), "random string " + std::to_string(i));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace schoolgate::gateway::events
