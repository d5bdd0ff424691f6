// The identity table under churn: N bindings (default 10,000), each changing once a minute, while an engine
// thread resolves subjects at full speed. Built only with -DSG_BUILD_BENCH=ON (bench/identity does it); never
// part of CTest or CI.
//
//   identity_bench [PEOPLE] [SECONDS]
//
// A policy with a pupil network and a directory of PEOPLE people (one MAC each) is loaded through the
// product's loader. Then:
//   - lookup: one thread calls gateway::identity::resolve_subject (the engine's own call, per decision) on
//     the published snapshot for random addresses of the pool (bound and unbound), adopting a new snapshot
//     whenever the store's generation moves, as a live engine does; ns per lookup, idle and under churn;
//   - radius: the control thread applies RADIUS Interim-Updates and Stops/Starts so that every binding
//     changes once a minute (PEOPLE/60 updates a second, paced), each published as a new snapshot, as
//     IdentityFeed does per packet; microseconds per update (table change + snapshot + publish);
//   - dhcp: a lease file of PEOPLE leases (dnsmasq format) parsed and applied whole, as a re-read after
//     inotify; milliseconds per re-read.
// Prints one JSON object.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "config/identity/lease.h"
#include "config/yaml/policy_loader.h"
#include "gateway/identity/identity_store.h"
#include "gateway/identity/identity_table.h"
#include "gateway/identity/resolve_subject.h"
#include "gateway/time/clock.h"

namespace {

namespace sg = schoolgate;
const sg::gateway::time::SystemClock kClock;

double seconds_since(sg::gateway::time::MonotonicTime start) {
    return std::chrono::duration<double>(kClock.monotonic_now() - start).count();
}

sg::net::IpAddress address(std::size_t i) { return sg::net::IpAddress::v4(0x0a140000u + static_cast<std::uint32_t>(i) + 1); }

std::string mac(std::size_t i) {
    char text[32];
    std::snprintf(text, sizeof text, "02:00:5e:%02zx:%02zx:%02zx", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
    return text;
}

std::shared_ptr<const sg::config::CompiledPolicy> load_policy(const std::filesystem::path& dir, std::size_t people) {
    std::ofstream csv{dir / "directory.csv"};
    csv << "username,display_name,role,devices\n";
    for (std::size_t i = 0; i < people; ++i) csv << "pupil" << i << ",Pupil " << i << ",pupil," << mac(i) << '\n';
    csv.close();
    std::ofstream{dir / "policy.yaml"} << "school: {name: Bench}\n"
                                          "networks:\n  - {name: pupil-wifi, cidr: 10.20.0.0/16, role: pupil}\n"
                                          "identity:\n  directory: {csv: directory.csv}\n"
                                          "rules:\n  - {name: r, services: [facebook], action: block, reason: x}\n";
    auto loaded = sg::config::yaml::load_and_compile_policy((dir / "policy.yaml").string(),
                                                            sg::config::yaml::default_catalogue_path());
    if (!loaded.ok()) {
        for (const auto& e : loaded.error()) std::fprintf(stderr, "%s\n", e.to_string().c_str());
        std::exit(2);
    }
    return loaded.value();
}

// The engine's side: resolve_subject on the current snapshot at full speed until told to stop.
struct Lookups {
    std::atomic<bool> stop{false};
    std::uint64_t count = 0;
    std::uint64_t bound = 0;
    std::uint64_t adopted = 0;
    double seconds = 0;
};

void run_lookups(const sg::config::CompiledPolicy& policy, const sg::gateway::identity::IdentityStore& store,
                 std::size_t pool, std::int64_t now_us, Lookups& out) {
    std::mt19937_64 random{7};
    auto snapshot = store.current();
    std::uint64_t generation = store.generation();
    const auto start = kClock.monotonic_now();
    while (!out.stop.load(std::memory_order_relaxed)) {
        for (int i = 0; i < 1024; ++i) {
            if (store.generation() > generation) {  // per packet, as LiveEngine::on_frame
                snapshot = store.current();
                generation = snapshot->generation();
                ++out.adopted;
            }
            const auto subject = sg::gateway::identity::resolve_subject(policy, snapshot.get(), address(random() % pool), {}, 0, now_us);
            out.bound += subject.identity_source != "network";
            ++out.count;
        }
    }
    out.seconds = seconds_since(start);
}

// dhcp: a lease file of every person's device, parsed and applied whole (a re-read after inotify); ms each.
double time_lease_rereads(sg::gateway::identity::IdentityTable& table, sg::gateway::identity::IdentityStore& store,
                          std::size_t people, std::int64_t now_us) {
    std::string leases;
    for (std::size_t i = 0; i < people; ++i) {
        leases += "1796626800 " + mac(i) + " " + address(i).to_string() + " * *\n";
    }
    const auto start = kClock.monotonic_now();
    constexpr int kRereads = 20;
    for (int r = 0; r < kRereads; ++r) {
        const auto file = sg::config::identity::parse_dnsmasq_leases(
            {reinterpret_cast<const std::uint8_t*>(leases.data()), leases.size()});
        table.set_leases(0, file, now_us);
        store.publish(table.snapshot());
    }
    return seconds_since(start) * 1000 / kRereads;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t people = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10'000;
    const double run_seconds = argc > 2 ? std::strtod(argv[2], nullptr) : 10.0;
    const auto dir = std::filesystem::temp_directory_path() / ("sg-identity-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto policy = load_policy(dir, people);
    const std::int64_t now_us = 1'796'619'600LL * 1'000'000;
    sg::gateway::identity::IdentityTable table{policy->identity().directory, 1};
    sg::gateway::identity::IdentityStore store;

    const double dhcp_ms = time_lease_rereads(table, store, people, now_us);
    const auto dhcp_bound = table.counts().dhcp_bindings;

    // RADIUS sessions for half the pool on top (they win over the leases), then the engine starts.
    for (std::size_t i = 0; i < people; i += 2) table.radius_update({"pupil" + std::to_string(i), {address(i)}, std::nullopt}, now_us);
    store.publish(table.snapshot());
    const std::size_t pool = people * 2;  // half the addresses looked up are bound to nobody

    Lookups bare;  // the engine's call with no identity sources (the policy's own devices and networks only)
    {
        sg::gateway::identity::IdentityStore none;
        none.publish(nullptr);
        std::thread bare_thread{[&] { run_lookups(*policy, none, pool, now_us, bare); }};
        std::this_thread::sleep_for(std::chrono::duration<double>(std::min(run_seconds, 3.0)));
        bare.stop = true;
        bare_thread.join();
    }
    Lookups idle;
    std::thread idle_thread{[&] { run_lookups(*policy, store, pool, now_us, idle); }};
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(run_seconds, 3.0)));
    idle.stop = true;
    idle_thread.join();

    // Churn: every binding changes once a minute (people/60 updates a second), each one published.
    Lookups busy;
    std::thread busy_thread{[&] { run_lookups(*policy, store, pool, now_us, busy); }};
    const double rate = static_cast<double>(people) / 60.0;
    std::uint64_t updates = 0;
    double update_seconds = 0;
    const auto churn_start = kClock.monotonic_now();
    std::mt19937_64 random{11};
    while (seconds_since(churn_start) < run_seconds) {
        const auto due = static_cast<std::uint64_t>(seconds_since(churn_start) * rate);
        for (; updates < due; ++updates) {
            const std::size_t i = random() % people;
            const auto t0 = kClock.monotonic_now();
            const sg::gateway::identity::RadiusSession session{"pupil" + std::to_string(i), {address(i)}, std::nullopt};
            if (updates % 3 == 2) table.radius_stop(session); else table.radius_update(session, now_us);
            store.publish(table.snapshot());
            update_seconds += seconds_since(t0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    busy.stop = true;
    busy_thread.join();
    std::filesystem::remove_all(dir);

    std::printf("{\"people\": %zu, \"dhcp_bindings\": %llu, \"dhcp_reread_ms\": %.2f, "
                "\"lookup_no_identity_ns\": %.1f, \"lookup_idle_ns\": %.1f, \"lookup_under_churn_ns\": %.1f, \"lookups_bound_share\": %.3f, "
                "\"updates_per_second\": %.1f, \"updates\": %llu, \"update_us\": %.1f, \"snapshots_adopted\": %llu, "
                "\"radius_bindings_end\": %llu}\n",
                people, static_cast<unsigned long long>(dhcp_bound), dhcp_ms, bare.seconds * 1e9 / static_cast<double>(bare.count),
                idle.seconds * 1e9 / static_cast<double>(idle.count),
                busy.seconds * 1e9 / static_cast<double>(busy.count),
                static_cast<double>(busy.bound) / static_cast<double>(busy.count), rate,
                static_cast<unsigned long long>(updates), update_seconds * 1e6 / static_cast<double>(std::max<std::uint64_t>(updates, 1)),
                static_cast<unsigned long long>(busy.adopted), static_cast<unsigned long long>(table.counts().radius_bindings));
    return 0;
}
