// Lookup cost of the service catalogue as the number of listed domains and CIDR blocks grows.
// Built only with -DSG_BUILD_BENCH=ON (bench/catalogue does it); never part of CTest or CI.
//
//   catalogue_bench POLICY SHIPPED_CATALOGUE N:CATALOGUE [N:CATALOGUE ...]
//
// Each CATALOGUE is the shipped one plus a service "blocklist" with N domains d<i>.blk<i%1000>.test and N
// blocks 112.0.0.0 + i*256 /24 (bench/lib/make_catalogue.py). For each N:
//   - the file path: load and compile POLICY with CATALOGUE exactly as `schoolgate replay` does, timed
//     (a file over the loader's 4 MiB limit is refused, as the product refuses it: reported, not timed);
//   - the lookups: a ServiceCatalogue holding the shipped services (copied from the compiled policy) plus
//     the blocklist, built in memory so that every size can be measured; then the engine's own calls
//     (match_host / match_address, the same matchers CompiledPolicy holds) are timed in random order: names
//     that hit (a subdomain of a listed domain), names that miss (four labels, none listed), addresses that
//     hit, addresses that miss.
// Prints one JSON object per N.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "classifiers/services/service_catalogue.h"
#include "common/net/ip_address.h"
#include "config/policy/compiled_policy.h"
#include "config/yaml/policy_loader.h"
#include "gateway/time/clock.h"

namespace {

using schoolgate::net::IpAddress;

const schoolgate::gateway::time::SystemClock kClock;

double seconds_since(schoolgate::gateway::time::MonotonicTime start) {
    return std::chrono::duration<double>(kClock.monotonic_now() - start).count();
}

long rss_kb() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    long kb = 0;
    while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    }
    std::fclose(f);
    return kb;
}

// Median over rounds of the mean ns per call of `lookup` over `queries`; `sink` keeps the calls alive.
template <typename Query, typename Lookup>
double ns_per_lookup(const std::vector<Query>& queries, Lookup lookup, std::uint64_t& sink) {
    constexpr int kRounds = 7;
    std::vector<double> rounds;
    for (int round = 0; round < kRounds; ++round) {
        const auto start = kClock.monotonic_now();
        for (const auto& query : queries) sink += lookup(query);
        rounds.push_back(seconds_since(start) * 1e9 / static_cast<double>(queries.size()));
    }
    std::sort(rounds.begin(), rounds.end());
    return rounds[kRounds / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s POLICY SHIPPED_CATALOGUE N:CATALOGUE [N:CATALOGUE ...]\n", argv[0]);
        return 64;
    }
    const std::string policy_path = argv[1];
    auto shipped = schoolgate::config::yaml::load_and_compile_policy(policy_path, argv[2]);
    if (!shipped.ok()) {
        for (const auto& error : shipped.error()) std::fprintf(stderr, "%s\n", error.to_string().c_str());
        return 2;
    }
    constexpr std::size_t kQueries = 200'000;
    std::uint64_t sink = 0;
    for (int arg = 3; arg < argc; ++arg) {
        const std::string spec = argv[arg];
        const auto colon = spec.find(':');
        if (colon == std::string::npos) {
            std::fprintf(stderr, "%s: expected N:CATALOGUE\n", spec.c_str());
            return 64;
        }
        const std::size_t n = std::stoul(spec.substr(0, colon));
        const std::string catalogue_path = spec.substr(colon + 1);

        // The file path, as the product takes it.
        const auto load_start = kClock.monotonic_now();
        auto compiled = schoolgate::config::yaml::load_and_compile_policy(policy_path, catalogue_path);
        const double load_s = seconds_since(load_start);
        std::string load_note = "loaded";
        if (!compiled.ok()) {
            load_note = compiled.error().front().to_string();
            for (auto& c : load_note) if (c == '"' || c == '\\') c = '\'';
        }

        // The matchers, built in memory for every size.
        const long rss_before = rss_kb();
        const auto build_start = kClock.monotonic_now();
        schoolgate::classifiers::services::ServiceCatalogue catalogue;
        std::vector<std::string> conflicts;
        const auto& base = shipped.value()->catalogue();
        for (std::size_t id = 1; id <= base.size(); ++id) {
            catalogue.add(*base.definition(static_cast<schoolgate::classifiers::ServiceId>(id)), conflicts);
        }
        schoolgate::classifiers::services::ServiceDefinition list;
        list.name = "blocklist";
        list.display_name = "Bench blocklist";
        for (std::size_t i = 0; i < n; ++i) {
            list.domains.push_back("d" + std::to_string(i) + ".blk" + std::to_string(i % 1000) + ".test");
            list.ip_ranges.emplace_back(IpAddress::v4(0x70000000u + static_cast<std::uint32_t>(i) * 256u), std::uint8_t{24});
        }
        catalogue.add(std::move(list), conflicts);
        const double build_s = seconds_since(build_start);
        const long rss_after = rss_kb();
        if (!conflicts.empty()) {
            std::fprintf(stderr, "%s\n", conflicts.front().c_str());
            return 2;
        }

        std::mt19937_64 rng(42);
        std::uniform_int_distribution<std::size_t> pick(0, n - 1);
        std::vector<std::string> hit_names, miss_names;
        std::vector<IpAddress> hit_addresses, miss_addresses;
        for (std::size_t q = 0; q < kQueries; ++q) {
            const std::size_t i = pick(rng);
            hit_names.push_back("www.d" + std::to_string(i) + ".blk" + std::to_string(i % 1000) + ".test");
            miss_names.push_back("cdn" + std::to_string(q) + ".static.nothere" + std::to_string(q % 977) + ".example");
            hit_addresses.push_back(IpAddress::v4(0x70000000u + static_cast<std::uint32_t>(i) * 256u + 7u));
            miss_addresses.push_back(IpAddress::v4(0xC8000000u + static_cast<std::uint32_t>(rng() & 0xffffffu)));
        }
        const auto blocklist = catalogue.find("blocklist");
        // Check the workload before timing it: every hit must hit, every miss must miss.
        for (std::size_t q = 0; q < 1000; ++q) {
            if (catalogue.match_host(hit_names[q]) != blocklist || catalogue.match_host(miss_names[q]) != 0 ||
                catalogue.match_address(hit_addresses[q]) != blocklist ||
                catalogue.match_address(miss_addresses[q]) != 0) {
                std::fprintf(stderr, "%s: the generated catalogue does not match the queries\n", catalogue_path.c_str());
                return 2;
            }
        }
        const auto by_name = [&](const std::string& name) { return std::uint64_t{catalogue.match_host(name)}; };
        const auto by_address = [&](const IpAddress& a) { return std::uint64_t{catalogue.match_address(a)}; };
        const double host_hit = ns_per_lookup(hit_names, by_name, sink);
        const double host_miss = ns_per_lookup(miss_names, by_name, sink);
        const double ip_hit = ns_per_lookup(hit_addresses, by_address, sink);
        const double ip_miss = ns_per_lookup(miss_addresses, by_address, sink);
        std::printf(
            "{\"entries\": %zu, \"file_load_and_compile_s\": %.3f, \"file_load\": \"%s\", \"build_s\": %.3f, "
            "\"rss_growth_mb\": %.1f, \"host_hit_ns\": %.1f, \"host_miss_ns\": %.1f, \"ip_hit_ns\": %.1f, "
            "\"ip_miss_ns\": %.1f}\n",
            n, load_s, load_note.c_str(), build_s, static_cast<double>(rss_after - rss_before) / 1024.0, host_hit,
            host_miss, ip_hit, ip_miss);
        std::fflush(stdout);
    }
    return sink == 42 ? 1 : 0;  // never 42 in practice; keeps the lookups from being optimised away
}
