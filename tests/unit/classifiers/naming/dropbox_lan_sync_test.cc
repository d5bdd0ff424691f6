#include "classifiers/naming/dropbox_lan_sync.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "support/classifier_test_text.h"
#include "support/hex_bytes.h"
#include "unit/classifiers/naming/packets.h"

namespace {

using schoolgate::classifiers::naming::is_dropbox_lan_sync;
using schoolgate::test::bytes;
using schoolgate::test::hex_bytes;

BOOST_AUTO_TEST_SUITE(DropboxLanSyncTest)

BOOST_AUTO_TEST_CASE(a_real_announcement_is_dropbox_lan_sync) {
    auto packet = hex_bytes(schoolgate::test::packets::kDropboxLanSync);
    BOOST_TEST(is_dropbox_lan_sync(packet));
    packet.push_back('\n');  // a trailing newline changes nothing
    BOOST_TEST(is_dropbox_lan_sync(packet));
}

BOOST_AUTO_TEST_CASE(truncated_announcements_are_not) {
    schoolgate::test::for_each_prefix(hex_bytes(schoolgate::test::packets::kDropboxLanSync),
                                      [](std::span<const std::uint8_t> prefix) {
                                          BOOST_TEST_CONTEXT("prefix of " << prefix.size() << " bytes") {
                                              BOOST_TEST(!is_dropbox_lan_sync(prefix));
                                          }
                                      });
}

BOOST_AUTO_TEST_CASE(other_json_and_oversized_messages_are_not) {
    BOOST_TEST(!is_dropbox_lan_sync(bytes(R"({"host_int": 1, "version": [2, 0]})")));  // no namespaces
    BOOST_TEST(!is_dropbox_lan_sync(bytes(R"(["host_int": 1, "version": [2, 0], "namespaces": []])")));
    BOOST_TEST(!is_dropbox_lan_sync(bytes("{}")));
    std::string big = R"({"host_int": 1, "version": [2, 0], "namespaces": [)" + std::string(9000, '1') + "]}";
    BOOST_TEST(!is_dropbox_lan_sync(bytes(big)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
