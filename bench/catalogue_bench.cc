// Lookup cost and memory of the service catalogue as the number of listed domains and CIDR blocks grows.
// Built only with -DSG_BUILD_BENCH=ON (bench/catalogue does it); never part of CTest or CI.
//
//   catalogue_bench memory POLICY SHIPPED_CATALOGUE N YAML_CATALOGUE
//   catalogue_bench file   POLICY N LISTS_CATALOGUE
//
// The catalogues are the shipped one plus a service "blocklist" with N domains d<i>.blk<i%1000>.test and N
// blocks 112.0.0.0 + i*256 /24 (bench/lib/make_catalogue.py): YAML_CATALOGUE lists them inline,
// LISTS_CATALOGUE names list files (domains_file, ip_ranges_file). bench/catalogue runs each mode in its own
// process, so that memory one measurement freed cannot hide the next one's growth. RSS is read twice: as
// the process has it (glibc keeps what was freed, such as the lists the loader read), and after
// malloc_trim(0) returns the freed memory, which leaves what the catalogue really holds ("live").
//   - memory: a ServiceCatalogue built in memory from the shipped services (read through the loader) plus
//     the blocklist made from the formulas: build time, RSS growth and the matchers' own bytes; the engine's
//     own calls (match_host / match_address, the matchers CompiledPolicy holds) timed in random order: names
//     that hit (a subdomain of a listed domain), names that miss (four labels, none listed), addresses that
//     hit, addresses that miss. Then POLICY loaded and compiled with YAML_CATALOGUE exactly as `schoolgate
//     replay` would (a file over the loader's 4 MiB limit is refused, as the product refuses it).
//   - file: POLICY loaded and compiled with LISTS_CATALOGUE exactly as `schoolgate replay` would: seconds,
//     RSS growth and peak RSS growth; then the same lookups on the loaded policy's own catalogue.
// Prints one JSON object.
#include <malloc.h>

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

using schoolgate::classifiers::services::ServiceCatalogue;
using schoolgate::net::IpAddress;

const schoolgate::gateway::time::SystemClock kClock;
constexpr std::size_t kQueries = 200'000;

double seconds_since(schoolgate::gateway::time::MonotonicTime start) {
    return std::chrono::duration<double>(kClock.monotonic_now() - start).count();
}

// VmRSS or VmHWM (peak) of this process, in kB.
long status_kb(const char* field) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    long kb = 0;
    const std::string format = std::string{field} + ": %ld kB";
    while (std::fgets(line, sizeof line, f)) {
        if (std::sscanf(line, format.c_str(), &kb) == 1) break;
    }
    std::fclose(f);
    return kb;
}

double mb(long kb) { return static_cast<double>(kb) / 1024.0; }

std::string listed_domain(std::size_t i) { return "d" + std::to_string(i) + ".blk" + std::to_string(i % 1000) + ".test"; }
std::uint32_t listed_block(std::size_t i) { return 0x70000000u + static_cast<std::uint32_t>(i) * 256u; }

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

struct Lookups {
    double host_hit = 0, host_miss = 0, ip_hit = 0, ip_miss = 0;
};

// Times the four kinds of lookup on `catalogue`, after checking that every hit hits and every miss misses.
bool time_lookups(const ServiceCatalogue& catalogue, std::size_t n, Lookups& out, std::uint64_t& sink) {
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, n - 1);
    std::vector<std::string> hit_names, miss_names;
    std::vector<IpAddress> hit_addresses, miss_addresses;
    for (std::size_t q = 0; q < kQueries; ++q) {
        const std::size_t i = pick(rng);
        hit_names.push_back("www." + listed_domain(i));
        miss_names.push_back("cdn" + std::to_string(q) + ".static.nothere" + std::to_string(q % 977) + ".example");
        hit_addresses.push_back(IpAddress::v4(listed_block(i) + 7u));
        miss_addresses.push_back(IpAddress::v4(0xC8000000u + static_cast<std::uint32_t>(rng() & 0xffffffu)));
    }
    const auto blocklist = catalogue.find("blocklist");
    for (std::size_t q = 0; q < 1000; ++q) {
        if (catalogue.match_host(hit_names[q]) != blocklist || catalogue.match_host(miss_names[q]) != 0 ||
            catalogue.match_address(hit_addresses[q]) != blocklist || catalogue.match_address(miss_addresses[q]) != 0) {
            return false;
        }
    }
    const auto by_name = [&](const std::string& name) { return std::uint64_t{catalogue.match_host(name)}; };
    const auto by_address = [&](const IpAddress& a) { return std::uint64_t{catalogue.match_address(a)}; };
    out.host_hit = ns_per_lookup(hit_names, by_name, sink);
    out.host_miss = ns_per_lookup(miss_names, by_name, sink);
    out.ip_hit = ns_per_lookup(hit_addresses, by_address, sink);
    out.ip_miss = ns_per_lookup(miss_addresses, by_address, sink);
    return true;
}

// The first error of a failed load, with quotes and backslashes made JSON-safe.
std::string first_error(const schoolgate::config::ConfigErrors& errors) {
    std::string note = errors.empty() ? std::string{"failed"} : errors.front().to_string();
    for (auto& c : note) {
        if (c == '"' || c == '\\') c = '\'';
    }
    return note;
}

int run_memory(const std::string& policy, const std::string& shipped, std::size_t n, const std::string& yaml_catalogue) {
    // The shipped services as the loader reads them (the compiled catalogue keeps no lists of its own).
    auto model = schoolgate::config::yaml::load_policy(policy, shipped);
    if (!model.ok()) {
        std::fprintf(stderr, "%s\n", first_error(model.error()).c_str());
        return 2;
    }
    auto base = std::move(model).value().services;

    const long rss_before = status_kb("VmRSS");
    const auto build_start = kClock.monotonic_now();
    ServiceCatalogue catalogue;
    std::vector<std::string> conflicts;
    for (auto& service : base) catalogue.add(std::move(service.definition), conflicts);
    schoolgate::classifiers::services::ServiceDefinition list;
    list.name = "blocklist";
    list.display_name = "Bench blocklist";
    list.domains.reserve(n);
    list.ip_ranges.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        list.domains.push_back(listed_domain(i));
        list.ip_ranges.emplace_back(IpAddress::v4(listed_block(i)), std::uint8_t{24});
    }
    catalogue.add(std::move(list), conflicts);
    const double build_s = seconds_since(build_start);
    const long rss_after = status_kb("VmRSS");
    ::malloc_trim(0);
    const long rss_live = status_kb("VmRSS");
    if (!conflicts.empty()) {
        std::fprintf(stderr, "%s\n", conflicts.front().c_str());
        return 2;
    }
    std::uint64_t sink = 0;
    Lookups lookups;
    if (!time_lookups(catalogue, n, lookups, sink)) {
        std::fprintf(stderr, "n=%zu: the in-memory catalogue does not match the queries\n", n);
        return 2;
    }

    // The inline YAML through the product's loader (refused over 4 MiB).
    const auto load_start = kClock.monotonic_now();
    auto compiled = schoolgate::config::yaml::load_and_compile_policy(policy, yaml_catalogue);
    const double yaml_s = seconds_since(load_start);
    const std::string yaml_note = compiled.ok() ? "loaded" : first_error(compiled.error());

    std::printf(
        "{\"mode\": \"memory\", \"entries\": %zu, \"build_s\": %.3f, \"rss_growth_mb\": %.1f, \"live_rss_growth_mb\": %.1f, "
        "\"matcher_mb\": %.1f, "
        "\"host_hit_ns\": %.1f, \"host_miss_ns\": %.1f, \"ip_hit_ns\": %.1f, \"ip_miss_ns\": %.1f, "
        "\"yaml_load_and_compile_s\": %.3f, \"yaml_load\": \"%s\"}\n",
        n, build_s, mb(rss_after - rss_before), mb(rss_live - rss_before),
        static_cast<double>(catalogue.matcher_bytes()) / (1024.0 * 1024.0),
        lookups.host_hit, lookups.host_miss, lookups.ip_hit, lookups.ip_miss, yaml_s, yaml_note.c_str());
    return sink == 42 ? 1 : 0;  // never 42 in practice; keeps the lookups from being optimised away
}

int run_file(const std::string& policy, std::size_t n, const std::string& lists_catalogue) {
    const long rss_before = status_kb("VmRSS");
    const long peak_before = status_kb("VmHWM");
    const auto load_start = kClock.monotonic_now();
    auto compiled = schoolgate::config::yaml::load_and_compile_policy(policy, lists_catalogue);
    const double load_s = seconds_since(load_start);
    const long rss_after = status_kb("VmRSS");
    const long peak_after = status_kb("VmHWM");
    ::malloc_trim(0);
    const long rss_live = status_kb("VmRSS");
    if (!compiled.ok()) {
        std::printf("{\"mode\": \"file\", \"entries\": %zu, \"list_load\": \"%s\"}\n", n, first_error(compiled.error()).c_str());
        return 2;
    }
    const auto& catalogue = compiled.value()->catalogue();
    std::uint64_t sink = 0;
    Lookups lookups;
    if (!time_lookups(catalogue, n, lookups, sink)) {
        std::fprintf(stderr, "%s: the loaded catalogue does not match the queries\n", lists_catalogue.c_str());
        return 2;
    }
    std::printf(
        "{\"mode\": \"file\", \"entries\": %zu, \"list_load\": \"loaded\", \"list_load_and_compile_s\": %.3f, "
        "\"list_rss_growth_mb\": %.1f, \"list_peak_rss_growth_mb\": %.1f, \"list_live_rss_growth_mb\": %.1f, "
        "\"list_matcher_mb\": %.1f, "
        "\"list_host_hit_ns\": %.1f, \"list_host_miss_ns\": %.1f, \"list_ip_hit_ns\": %.1f, \"list_ip_miss_ns\": %.1f}\n",
        n, load_s, mb(rss_after - rss_before), mb(peak_after - peak_before), mb(rss_live - rss_before),
        static_cast<double>(catalogue.matcher_bytes()) / (1024.0 * 1024.0), lookups.host_hit, lookups.host_miss,
        lookups.ip_hit, lookups.ip_miss);
    return sink == 42 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "memory" && argc == 6) return run_memory(argv[2], argv[3], std::stoul(argv[4]), argv[5]);
    if (mode == "file" && argc == 5) return run_file(argv[2], std::stoul(argv[3]), argv[4]);
    std::fprintf(stderr,
                 "usage: %s memory POLICY SHIPPED_CATALOGUE N YAML_CATALOGUE\n"
                 "       %s file POLICY N LISTS_CATALOGUE\n",
                 argv[0], argv[0]);
    return 64;
}
