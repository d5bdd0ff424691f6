#include "classifiers/registry.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "support/classifier_test_text.h"
#include "support/client_hello_builder.h"

namespace {

namespace bdata = boost::unit_test::data;
using schoolgate::classifiers::classifier_registry;
using schoolgate::classifiers::Maturity;
using schoolgate::classifiers::select_classifier;
using schoolgate::classifiers::Transport;
using schoolgate::test::ClientHelloBuilder;
using schoolgate::test::Bytes;
using schoolgate::test::bytes;

std::string selected(Transport transport, std::uint16_t port, const Bytes& client_bytes) {
    const auto* entry = select_classifier({transport, port, client_bytes});
    return entry ? std::string{entry->name} : "<none>";
}

const Bytes kHello = ClientHelloBuilder::browser_like("www.facebook.com").record_bytes();
// Deterministic noise that is no protocol's first bytes.
const Bytes kRandom{0x8f, 0x3c, 0xd2, 0x01, 0x77, 0xe9, 0x5a, 0x40, 0x13, 0xbb, 0xc6, 0x2e};

struct SelectCase {
    const char* what;
    Transport transport;
    std::uint16_t port;
    Bytes client_bytes;
    const char* expected;
};

std::ostream& operator<<(std::ostream& out, const SelectCase& c) { return out << c.what; }

const std::vector<SelectCase> kCases{
    {"port 53 over UDP, DNS query bytes", Transport::Udp, 53, {0xab, 0xcd, 0x01, 0x00}, "dns"},
    {"port 53 over UDP, TLS bytes", Transport::Udp, 53, kHello, "dns"},
    {"port 53 over UDP, random bytes", Transport::Udp, 53, kRandom, "dns"},
    {"port 53 over UDP, no bytes", Transport::Udp, 53, {}, "dns"},
    {"port 53 over TCP, TLS bytes", Transport::Tcp, 53, kHello, "dns"},
    {"port 53 over TCP, HTTP bytes", Transport::Tcp, 53, bytes("GET / HTTP/1.1\r\n"), "dns"},
    {"port 53 over TCP, random bytes", Transport::Tcp, 53, kRandom, "dns"},
    {"TLS on 443", Transport::Tcp, 443, kHello, "tls"},
    {"TLS on an odd port", Transport::Tcp, 8443, kHello, "tls"},
    {"TLS with unknown port", Transport::Tcp, 0, kHello, "tls"},
    {"TLS record header only", Transport::Tcp, 443, {0x16, 0x03, 0x01}, "tls"},
    {"TLS first byte only", Transport::Tcp, 443, {0x16}, "tls"},
    {"TLS first two bytes", Transport::Tcp, 443, {0x16, 0x03}, "tls"},
    {"TLS bytes over UDP", Transport::Udp, 443, kHello, "<none>"},
    {"GET", Transport::Tcp, 80, bytes("GET / HTTP/1.1\r\n"), "http"},
    {"GET on 443", Transport::Tcp, 443, bytes("GET "), "http"},
    {"CONNECT on a proxy port", Transport::Tcp, 3128, bytes("CONNECT x.com:443 HTTP/1.1\r\n"), "http"},
    {"first byte of GET", Transport::Tcp, 80, bytes("G"), "http"},
    {"GET over UDP", Transport::Udp, 80, bytes("GET / HTTP/1.1\r\n"), "<none>"},
    {"random bytes over TCP", Transport::Tcp, 443, kRandom, "<none>"},
    {"random bytes over UDP", Transport::Udp, 4000, kRandom, "<none>"},
    {"SSH banner", Transport::Tcp, 22, bytes("SSH-2.0-OpenSSH_9.2\r\n"), "<none>"},
    {"no bytes over TCP", Transport::Tcp, 443, {}, "<none>"},
    {"port 0 is no port hint", Transport::Udp, 0, kRandom, "<none>"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(RegistryTest)

BOOST_DATA_TEST_CASE(selects_by_port_hint_then_content, bdata::make(kCases), c) {
    BOOST_TEST(selected(c.transport, c.port, c.client_bytes) == c.expected);
}

BOOST_AUTO_TEST_CASE(table_rows_are_complete_and_unique) {
    std::set<std::string> names;
    for (const auto& entry : classifier_registry()) {
        BOOST_TEST_CONTEXT(entry.name) {
            BOOST_TEST(!entry.name.empty());
            // A protocol may have one row per transport (OpenVPN frames TCP and UDP differently).
            BOOST_TEST(names.insert(std::string{entry.name} + (entry.over_tcp ? "/tcp" : "") + (entry.over_udp ? "/udp" : "")).second);
            BOOST_TEST((entry.probe != nullptr));
            BOOST_TEST((entry.create != nullptr));
            BOOST_TEST((entry.create() != nullptr));
            BOOST_TEST((entry.over_tcp || entry.over_udp));
            BOOST_TEST((entry.maturity == Maturity::Stable || entry.maturity == Maturity::Experimental));
        }
    }
    BOOST_TEST(names == (std::set<std::string>{"dns/tcp/udp", "http/tcp", "quic/udp", "tls/tcp", "socks/tcp",
                                               "openvpn/tcp", "openvpn/udp", "pptp/tcp", "wireguard/udp", "ike/udp",
                                               "l2tp/udp"}),
               boost::test_tools::per_element());
}

// Reassembling the server's bytes costs memory per flow: only classifiers that read answers (DNS) or
// confirm a tunnel from the server's reply over TCP (OpenVPN, PPTP) ask for it.
BOOST_AUTO_TEST_CASE(only_answer_readers_read_the_server_stream) {
    const std::set<std::string_view> readers{"dns", "openvpn", "pptp"};
    for (const auto& entry : classifier_registry()) {
        BOOST_TEST_CONTEXT(entry.name) {
            BOOST_TEST(entry.reads_server_stream == (readers.count(entry.name) && entry.over_tcp));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
