#include "classifiers/ndpi/ndpi_module.h"

#include <boost/test/unit_test.hpp>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/ndpi/ndpi_mapping.h"
#include "ndpi_test_support.h"

namespace {

using schoolgate::classifiers::ndpi::NdpiFlow;
using schoolgate::classifiers::ndpi::NdpiModule;
using schoolgate::classifiers::ndpi::technique_protocol_names;
using schoolgate::test::shared_module;

}  // namespace

BOOST_AUTO_TEST_SUITE(NdpiModuleTest)

BOOST_AUTO_TEST_CASE(is_debians_ndpi_4_2_with_a_688_byte_flow_struct) {
    std::cout << "nDPI " << NdpiModule::version() << ": " << NdpiModule::flow_state_bytes()
              << " bytes of state per flow (ndpi_detection_get_sizeof_ndpi_flow_struct), "
              << shared_module().protocol_count() << " protocols\n";
    BOOST_TEST(NdpiModule::version().rfind("4.2", 0) == 0u);
    // The flow struct's size changes with the nDPI version (1160 B in 4.11): a different size means a
    // different nDPI, and the notes in shared/notes/ndpi-and-peers.md no longer hold.
    BOOST_TEST(NdpiModule::flow_state_bytes() == 688u);
}

BOOST_AUTO_TEST_CASE(names_and_ids_go_both_ways) {
    const auto& module = shared_module();
    BOOST_TEST(module.protocol_name(119) == "Facebook");
    BOOST_TEST(module.protocol_name(0) == "Unknown");
    BOOST_TEST(module.protocol_name(65535) == "Unknown");  // out of range: nDPI's own fallback
    BOOST_TEST(module.protocol_id("Facebook").value_or(0) == 119);
    BOOST_TEST(module.protocol_id("facebook").value_or(0) == 119);  // without regard to case
    BOOST_TEST(module.protocol_id("DoH_DoT").value_or(0) == 196);
    BOOST_TEST(!module.protocol_id("NordVPN").has_value());  // added in nDPI 4.8
    BOOST_TEST(!module.protocol_id("").has_value());
    const auto names = module.protocol_names();
    BOOST_TEST(names.size() == module.protocol_count());
    BOOST_TEST(module.protocol_count() > 250u);
    BOOST_TEST(names.at(91) == "TLS");
}

// The technique table holds names from nDPI 4.2 and from later versions (so that an upgrade needs no code
// change); every name 4.2 lacks must be one we know is missing, so a typo cannot hide among them.
BOOST_AUTO_TEST_CASE(every_technique_name_is_known_to_4_2_or_listed_as_later) {
    const std::set<std::string> later{"L2TP",       "NordVPN",   "ProtonVPN", "Mullvad",        "SurfShark",
                                      "Windscribe", "TunnelBear", "Psiphon",  "UltraSurf",      "CloudflareWarp",
                                      "Tailscale",  "Softether", "OperaVPN"};
    std::string missing;
    for (const auto name : technique_protocol_names()) {
        if (shared_module().protocol_id(name)) {
            BOOST_TEST(!later.count(std::string{name}), name << " is in 4.2 after all");
        } else {
            BOOST_TEST(later.count(std::string{name}), name << " is not an nDPI 4.2 protocol name");
            missing += " " + std::string{name};
        }
    }
    BOOST_TEST_MESSAGE("technique names nDPI 4.2 does not have:" << missing);
}

// nDPI says module creation must not run in parallel; the constructor serialises it, so workers can start
// together. Each module then classifies on its own thread.
BOOST_AUTO_TEST_CASE(workers_create_and_use_their_own_modules_at_the_same_time) {
    const auto facebook = schoolgate::test::own_capture("tls/facebook-www.pcap");
    std::vector<std::string> protocols(3);
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < protocols.size(); ++i) {
        workers.emplace_back([&, i] {
            NdpiModule module;
            protocols[i] = schoolgate::test::read_flow(module, facebook.flows.at(0)).protocol;
        });
    }
    for (auto& worker : workers) worker.join();
    for (const auto& protocol : protocols) BOOST_TEST(protocol == "TLS.Facebook");
}

BOOST_AUTO_TEST_CASE(allocated_bytes_follow_flows_and_modules) {
    auto& module = shared_module();
    const auto before = NdpiModule::allocated_bytes();
    {
        NdpiFlow flow{module};
        BOOST_TEST(NdpiModule::allocated_bytes() - before >= static_cast<std::int64_t>(NdpiModule::flow_state_bytes()));
    }
    BOOST_TEST(NdpiModule::allocated_bytes() == before);
    std::int64_t module_bytes = 0;
    {
        NdpiModule another;
        module_bytes = NdpiModule::allocated_bytes() - before;
    }
    std::cout << "one nDPI 4.2 detection module holds " << module_bytes << " bytes of nDPI's heap\n";
    BOOST_TEST(module_bytes > 0);
    BOOST_TEST(NdpiModule::allocated_bytes() == before);
}

BOOST_AUTO_TEST_SUITE_END()
