#include <boost/test/unit_test.hpp>
#include <fstream>
#include <span>
#include <string>

#include "config/identity/lease.h"
#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "gateway/identity/identity_store.h"
#include "gateway/identity/identity_table.h"
#include "gateway/identity/resolve_subject.h"
#include "support/temp_directory.h"

namespace {

using namespace schoolgate;
using gateway::identity::IdentityTable;
using gateway::identity::RadiusSession;

const std::string kCatalogue = std::string{SG_SOURCE_DIR} + "/config/catalogue/services.yaml";
constexpr std::int64_t kSecond = 1'000'000;
constexpr std::int64_t kStart = 1796619600;  // 2026-12-07T05:00:00Z, when the leases below begin

net::IpAddress ip(const char* text) { return *net::IpAddress::parse(text); }

// A policy with a pupil network, one listed device (the head's laptop at 10.20.0.60) and a directory.
struct Fixture {
    test::TempDirectory dir;
    std::shared_ptr<const config::CompiledPolicy> policy;
    Fixture() {
        std::ofstream{dir / "directory.csv"} << "username,display_name,role,devices\n"
                                                "jo.bloggs,\"Bloggs, Jo\",pupil,pupil-ipad-17\n"
                                                "ms.khan,Aisha Khan,staff,02:00:5e:10:00:61\n";
        std::ofstream{dir / "policy.yaml"}
            << "school: {name: S}\n"
               "networks:\n  - {name: pupil-wifi, cidr: 10.20.0.0/16, role: pupil}\n"
               "users:\n  head: {display_name: The Head, role: headteacher}\n"
               "devices:\n  - {name: head-laptop, ip: 10.20.0.60, user: head}\n"
               "identity:\n  directory: {csv: directory.csv}\n"
               "rules:\n  - {name: r, services: [facebook], action: block, reason: x}\n";
        auto loaded = config::yaml::load_and_compile_policy(dir / "policy.yaml", kCatalogue);
        BOOST_TEST_REQUIRE(loaded.ok());
        policy = loaded.value();
    }
    config::Subject who(const gateway::identity::IdentitySnapshot& snapshot, const char* address, std::int64_t at_s) const {
        return gateway::identity::resolve_subject(*policy, &snapshot, ip(address), {}, 0, at_s * kSecond);
    }
};

config::identity::LeaseFile leases(const std::string& text) {
    return config::identity::parse_dnsmasq_leases({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(IdentityTableTest)

BOOST_AUTO_TEST_CASE(precedence_policy_then_radius_then_dhcp_then_network) {
    Fixture f;
    IdentityTable table{f.policy->identity().directory, 1};
    const std::int64_t ends = kStart + 3600;
    // Leases for the head's listed laptop, Jo's iPad (in the directory) and a stranger's phone (not).
    table.set_leases(0, leases(std::to_string(ends) + " 02:00:5e:10:00:60 10.20.0.60 pupil-ipad-17 *\n" +
                               std::to_string(ends) + " 02:00:5e:10:00:50 10.20.0.50 pupil-ipad-17 *\n" +
                               std::to_string(ends) + " 02:00:5e:10:00:70 10.20.0.70 android-123 *\n"),
                     kStart * kSecond);
    auto snapshot = table.snapshot();
    BOOST_TEST(f.who(*snapshot, "10.20.0.60", kStart).identity_source == "policy");
    BOOST_TEST(f.who(*snapshot, "10.20.0.60", kStart).user == "head");
    const auto jo = f.who(*snapshot, "10.20.0.50", kStart + 60);
    BOOST_TEST(jo.identity_source == "dhcp");
    BOOST_TEST(jo.user == "jo.bloggs");
    BOOST_TEST(jo.device == "pupil-ipad-17");
    BOOST_TEST(jo.role == "pupil");
    // A pupil whose phone claims Ms Khan's MAC on the pupil network: a DHCP claim never changes the role,
    // so the lease binds nobody (nor records Ms Khan for the pupil's attempts).
    table.set_leases(0, leases(std::to_string(ends) + " 02:00:5e:10:00:60 10.20.0.60 pupil-ipad-17 *\n" +
                               std::to_string(ends) + " 02:00:5e:10:00:50 10.20.0.50 pupil-ipad-17 *\n" +
                               std::to_string(ends) + " 02:00:5e:10:00:70 10.20.0.70 android-123 *\n" +
                               std::to_string(ends) + " 02:00:5e:10:00:61 10.20.0.71 * *\n"),
                     kStart * kSecond);
    snapshot = table.snapshot();
    const auto spoofer = f.who(*snapshot, "10.20.0.71", kStart);
    BOOST_TEST(spoofer.identity_source == "network");
    BOOST_TEST(spoofer.user == "");
    BOOST_TEST(spoofer.role == "pupil");
    const auto stranger = f.who(*snapshot, "10.20.0.70", kStart);
    BOOST_TEST(stranger.identity_source == "network");
    BOOST_TEST(stranger.user == "");
    BOOST_TEST(stranger.role == "pupil");

    // A RADIUS session for Jo's address beats the lease: Ms Khan logged in on it.
    table.radius_update({"ms.khan@school.example", {ip("10.20.0.50")}, net::MacAddress::parse("02:00:5e:10:00:61")},
                        (kStart + 120) * kSecond);
    snapshot = table.snapshot();
    const auto khan = f.who(*snapshot, "10.20.0.50", kStart + 180);
    BOOST_TEST(khan.identity_source == "radius");
    BOOST_TEST(khan.user == "ms.khan");
    BOOST_TEST(khan.role == "staff");
    BOOST_TEST(khan.device == "02:00:5e:10:00:61");
    BOOST_TEST(khan.bound_since_us == (kStart + 120) * kSecond);
    // Even a RADIUS session does not beat a device the policy lists.
    table.radius_update({"ms.khan", {ip("10.20.0.60")}, std::nullopt}, (kStart + 120) * kSecond);
    BOOST_TEST(f.who(*table.snapshot(), "10.20.0.60", kStart + 180).user == "head");

    // Stop: the lease is the answer again.
    table.radius_stop({"ms.khan", {ip("10.20.0.50")}, std::nullopt});
    BOOST_TEST(f.who(*table.snapshot(), "10.20.0.50", kStart + 240).identity_source == "dhcp");
}

BOOST_AUTO_TEST_CASE(a_binding_never_outlives_its_lease_or_session) {
    Fixture f;
    IdentityTable table{f.policy->identity().directory, 1};
    table.set_leases(0, leases(std::to_string(kStart + 600) + " 02:00:5e:10:00:50 10.20.0.50 pupil-ipad-17 *\n"),
                     kStart * kSecond);
    table.radius_update({"ms.khan", {ip("10.20.0.80")}, std::nullopt}, kStart * kSecond);
    const auto snapshot = table.snapshot();  // never replaced: the packet's time alone ends the bindings
    BOOST_TEST(f.who(*snapshot, "10.20.0.50", kStart + 599).user == "jo.bloggs");
    // dnsmasq's file gives no start: the binding's age counts from when the table first held the lease.
    BOOST_TEST(f.who(*snapshot, "10.20.0.50", kStart + 599).bound_since_us == kStart * kSecond);
    BOOST_TEST(f.who(*snapshot, "10.20.0.50", kStart + 600).identity_source == "network");
    BOOST_TEST(f.who(*snapshot, "10.20.0.80", kStart + 3599).user == "ms.khan");
    BOOST_TEST(f.who(*snapshot, "10.20.0.80", kStart + 3600).identity_source == "network");
    // A lease that ended before the file was read is stale: counted, never bound.
    table.set_leases(0, leases(std::to_string(kStart - 1) + " 02:00:5e:10:00:50 10.20.0.50 pupil-ipad-17 *\n"),
                     kStart * kSecond);
    BOOST_TEST(table.counts().stale_leases == 1u);
    BOOST_TEST(table.counts().dhcp_bindings == 0u);
    table.expire((kStart + 3600) * kSecond);
    BOOST_TEST(table.counts().radius_bindings == 0u);
}

BOOST_AUTO_TEST_CASE(the_store_publishes_whole_snapshots) {
    Fixture f;
    IdentityTable table{f.policy->identity().directory, 0};
    gateway::identity::IdentityStore store;
    BOOST_TEST(store.generation() == 0u);
    auto first = table.snapshot();
    store.publish(first);
    table.radius_update({"ms.khan", {ip("10.20.0.80")}, std::nullopt}, kStart * kSecond);
    BOOST_TEST(store.current()->size(gateway::identity::BindingSource::Radius) == 0u);  // published ones never change
    store.publish(table.snapshot());
    BOOST_TEST(store.generation() == 2u);
    BOOST_TEST(store.current()->size(gateway::identity::BindingSource::Radius) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
