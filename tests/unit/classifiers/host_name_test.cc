#include "classifiers/host_name.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "classifiers/limits.h"

namespace {

namespace bdata = boost::unit_test::data;
namespace limits = schoolgate::classifiers::limits;
using schoolgate::classifiers::is_ip_literal;
using schoolgate::classifiers::normalise_host_name;

struct NormaliseCase {
    const char* what;
    std::string raw;
    std::optional<std::string> expected;
};

std::ostream& operator<<(std::ostream& out, const NormaliseCase& c) { return out << c.what; }

std::string label(std::size_t length) { return std::string(length, 'a'); }

// A name of exactly `length` bytes made of 63-byte labels.
std::string name_of(std::size_t length) {
    std::string name;
    while (name.size() < length) {
        if (!name.empty()) name += '.';
        name += label(std::min<std::size_t>(limits::kMaxLabelBytes, length - name.size()));
    }
    return name;
}

const std::vector<NormaliseCase> kCases{
    {"plain name", "www.example.com", "www.example.com"},
    {"upper case and trailing dot", "WWW.FaceBook.COM.", "www.facebook.com"},
    {"single label", "localhost", "localhost"},
    {"hyphen, underscore and wildcard", "_sip._tcp.*.my-host.example", "_sip._tcp.*.my-host.example"},
    {"digits", "123.example", "123.example"},
    {"empty", "", std::nullopt},
    {"root only", ".", std::nullopt},
    {"two trailing dots", "example.com..", std::nullopt},
    {"empty label", "a..b", std::nullopt},
    {"leading dot", ".example.com", std::nullopt},
    {"label of 63 bytes", label(63) + ".com", label(63) + ".com"},
    {"label of 64 bytes", label(64) + ".com", std::nullopt},
    {"name of 253 bytes", name_of(253), name_of(253)},
    {"name of 253 bytes and a trailing dot", name_of(253) + ".", name_of(253)},
    {"name of 254 bytes", name_of(254), std::nullopt},
    {"NUL byte", std::string{"face\0book.com", 13}, std::nullopt},
    {"DEL byte", "face\x7f" "book.com", std::nullopt},
    {"0xff byte", "face\xff" "book.com", std::nullopt},
    {"Latin-1 upper case", "\xc9" "cole.example", std::nullopt},
    {"control byte", "face\x01" "book.com", std::nullopt},
    {"space", "face book.com", std::nullopt},
    {"double quote", "face\"book.com", std::nullopt},
    {"newline", "facebook.com\nX-Injected: 1", std::nullopt},
    {"slash", "facebook.com/x", std::nullopt},
    {"port", "facebook.com:443", std::nullopt},
    {"bracketed IPv6", "[2001:db8::1]", std::nullopt},
    {"IPv4 literal", "192.0.2.1", "192.0.2.1"},
    {"IPv6 literal, upper case", "2001:DB8::1", "2001:db8::1"},
    {"IPv6 loopback", "::1", "::1"},
    {"IPv4-mapped IPv6", "::FFFF:192.0.2.1", "::ffff:192.0.2.1"},
    {"hex-and-colon text that is no address", "abc:def", std::nullopt},
    {"too many IPv6 groups", "1:2:3:4:5:6:7:8:9", std::nullopt},
    {"three colons", ":::", std::nullopt},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(HostNameTest)

BOOST_DATA_TEST_CASE(normalise_host_name_table, bdata::make(kCases), c) {
    const auto result = normalise_host_name(c.raw);
    BOOST_TEST(result.has_value() == c.expected.has_value());
    if (result && c.expected) BOOST_TEST(*result == *c.expected);
}

BOOST_AUTO_TEST_CASE(every_byte_outside_the_name_alphabet_is_rejected) {
    for (int byte = 0; byte < 256; ++byte) {
        const char c = static_cast<char>(byte);
        const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                             c == '_' || c == '*' || c == '.' || c == ':';
        BOOST_TEST_CONTEXT("byte " << byte) {
            const std::string raw = std::string{"x"} + c + "y.example";
            if (!allowed) BOOST_TEST(!normalise_host_name(raw).has_value());
        }
    }
}

BOOST_DATA_TEST_CASE(is_ip_literal_table,
                     bdata::make({"192.0.2.1", "2001:db8::1", "::1", "::ffff:192.0.2.1"}) ^
                         bdata::make({true, true, true, true}),
                     text, expected) {
    BOOST_TEST(is_ip_literal(text) == expected);
}

BOOST_DATA_TEST_CASE(not_ip_literals,
                     bdata::make({"", "example.com", "192.0.2", "192.0.2.256", "1.2.3.4.5", "2001:db8::g",
                                  "[::1]", "abc:def"}),
                     text) {
    BOOST_TEST(!is_ip_literal(text));
}

BOOST_AUTO_TEST_SUITE_END()
