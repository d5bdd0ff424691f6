// A listing, not a check: one line per flow with nDPI's reading and what we map it to, for every capture
// under the shared nDPI captures and the project's pcaps/ (or the directory in $SG_NDPI_LIST). Disabled by
// default; run it by name:
//   classifiers_ndpi_unit_tests --run_test=NdpiListing/list_every_flow
// Set SG_NDPI_FROM_PAYLOAD=1 to feed nDPI from each flow's first payload packet, as the engine does.
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "classifiers/ndpi/ndpi_mapping.h"
#include "ndpi_test_support.h"

namespace {

using namespace schoolgate::classifiers::ndpi;
using schoolgate::classifiers::confidence_name;
using schoolgate::classifiers::technique_name;
using schoolgate::test::CapturedFlow;

std::string line_for(const CapturedFlow& flow, const NdpiReading& r, const NdpiServiceMap& services) {
    std::ostringstream out;
    out << "  " << flow.description << " pkts=" << flow.packets.size() << " -> " << r.protocol << " [" << r.category
        << ", " << ndpi_confidence_name(r.confidence) << (r.guessed ? ", guessed" : "") << ", fed " << r.packets << "]";
    if (!r.server_name.empty()) out << " name=" << r.server_name;
    if (r.server_name_invalid) out << " name=(invalid)";
    if (!r.risks.empty()) {
        out << " risks=";
        for (const auto& risk : r.risks) out << risk << ";";
    }
    if (const auto t = technique_for(r, flow.server_port)) {
        out << " technique=" << technique_name(t->technique) << "/" << confidence_name(t->confidence);
    }
    if (const auto s = services.service_for(r)) out << " service=" << schoolgate::test::shipped_catalogue().name(s);
    return out.str();
}

std::vector<std::filesystem::path> captures_under(const std::string& dir) {
    std::vector<std::filesystem::path> files;
    if (dir.empty() || !std::filesystem::is_directory(dir)) return files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (ext == ".pcap" || ext == ".pcapng") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(NdpiListing)

BOOST_AUTO_TEST_CASE(list_every_flow, *boost::unit_test::disabled()) {
    std::vector<std::string> dirs;
    if (const char* dir = std::getenv("SG_NDPI_LIST")) {
        dirs.emplace_back(dir);
    } else {
        dirs = {schoolgate::test::shared_ndpi_captures(), std::string{SG_SOURCE_DIR} + "/pcaps"};
    }
    const bool from_payload = std::getenv("SG_NDPI_FROM_PAYLOAD") != nullptr;
    const NdpiServiceMap services{schoolgate::test::shipped_catalogue()};
    for (const auto& dir : dirs) {
        for (const auto& file : captures_under(dir)) {
            const auto read = schoolgate::test::read_capture(file.string());
            if (!read.ok()) {
                std::cout << file.string() << ": " << read.error() << "\n";
                continue;
            }
            const auto* capture = &read.value();
            std::map<std::string, int> summary;
            std::ostringstream lines;
            for (const auto& flow : capture->flows) {
                const auto reading = schoolgate::test::read_flow(schoolgate::test::shared_module(), flow, from_payload);
                ++summary[reading.app.empty() ? reading.protocol : reading.app];
                lines << line_for(flow, reading, services) << "\n";
            }
            std::cout << "== " << file.string() << " frames=" << capture->frames << " flows=" << capture->flows.size() << ":";
            for (const auto& [protocol, flows] : summary) std::cout << " " << protocol << "(" << flows << ")";
            std::cout << "\n" << lines.str();
        }
    }
    BOOST_TEST(true);
}

BOOST_AUTO_TEST_SUITE_END()
