#include "gateway/identity/identity_table.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_set>

namespace schoolgate::gateway::identity {

namespace {

constexpr std::int64_t kUsPerSecond = 1'000'000;
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

std::int64_t lease_end_us(const config::identity::Lease& lease) {
    return lease.ends == 0 ? kNever : lease.ends * kUsPerSecond;
}

}  // namespace

IdentityTable::IdentityTable(std::shared_ptr<const config::identity::Directory> directory, std::size_t lease_sources) {
    set_directory(std::move(directory), lease_sources);
}

void IdentityTable::set_directory(std::shared_ptr<const config::identity::Directory> directory, std::size_t lease_sources) {
    directory_ = directory ? std::move(directory) : std::make_shared<const config::identity::Directory>();
    leases_.resize(lease_sources);
    issues_.resize(lease_sources);
    read_.resize(lease_sources);
    stale_.resize(lease_sources);
    rebuild_dhcp();
}

void IdentityTable::set_leases(std::size_t source, const config::identity::LeaseFile& file, std::int64_t now_us) {
    if (source >= leases_.size()) return;
    // The last record for an address is its state (Kea and dhcpd append; dnsmasq writes each once).
    std::unordered_map<net::IpAddress, std::size_t, net::IpAddressHash> last;
    for (std::size_t i = 0; i < file.leases.size(); ++i) last[file.leases[i].ip] = i;
    auto& kept = leases_[source];
    kept.clear();
    stale_[source] = 0;
    for (std::size_t i = 0; i < file.leases.size(); ++i) {
        const auto& lease = file.leases[i];
        if (last[lease.ip] != i || !lease.active) continue;
        if (lease_end_us(lease) <= now_us) {
            ++stale_[source];
            continue;
        }
        kept.push_back(lease);
        remember_first_seen(kept.back(), now_us);
    }
    read_[source] = file.leases.size();
    issues_[source] = file.issues.size() + file.more_issues;
    rebuild_dhcp();
}

// dnsmasq's file says when a lease ends, not when it began: its age is then counted from when the table first
// held it (the same address for the same MAC and host name), never in replay (no "now" there).
void IdentityTable::remember_first_seen(config::identity::Lease& lease, std::int64_t now_us) {
    if (lease.starts != 0 || now_us == std::numeric_limits<std::int64_t>::min()) return;
    const std::string holder = (lease.mac ? lease.mac->to_string() : "") + " " + lease.host;
    auto [it, fresh] = first_seen_.try_emplace(lease.ip, holder, now_us / kUsPerSecond);
    if (!fresh && it->second.first != holder) it->second = {holder, now_us / kUsPerSecond};
    lease.starts = it->second.second;
}

void IdentityTable::rebuild_dhcp() {
    dhcp_.clear();
    not_in_directory_ = 0;
    std::unordered_set<net::IpAddress, net::IpAddressHash> held;
    for (const auto& file : leases_) {
        for (const auto& lease : file) held.insert(lease.ip);
    }
    std::erase_if(first_seen_, [&](const auto& entry) { return !held.contains(entry.first); });
    for (const auto& file : leases_) {
        for (const auto& lease : file) {
            const auto* person = directory_->find_device(lease.mac, lease.host);
            if (!person) {
                ++not_in_directory_;
                continue;
            }
            Binding binding;
            binding.user = person->username;
            binding.device = !lease.host.empty() ? lease.host : lease.mac ? lease.mac->to_string() : "";
            binding.source = BindingSource::Dhcp;
            binding.since_us = lease.starts > 0 ? lease.starts * kUsPerSecond : -1;
            binding.until_us = lease_end_us(lease);
            dhcp_[lease.ip] = std::move(binding);
        }
    }
}

void IdentityTable::radius_update(const RadiusSession& session, std::int64_t now_us) {
    const auto* person = directory_->find_user(session.user);
    for (const auto& address : session.addresses) {
        auto [it, fresh] = radius_.try_emplace(address);
        Binding& binding = it->second;
        if (fresh || binding.user != (person ? person->username : session.user)) binding.since_us = now_us;
        binding.user = person ? person->username : session.user;
        binding.device = session.mac ? session.mac->to_string() : "";
        binding.source = BindingSource::Radius;
        binding.until_us = now_us + kRadiusSessionIdleUs;
    }
}

void IdentityTable::radius_stop(const RadiusSession& session) {
    for (const auto& address : session.addresses) radius_.erase(address);
}

void IdentityTable::expire(std::int64_t now_us) {
    std::erase_if(radius_, [&](const auto& entry) { return entry.second.until_us <= now_us; });
    std::erase_if(dhcp_, [&](const auto& entry) { return entry.second.until_us <= now_us; });
    for (auto& file : leases_) {
        std::erase_if(file, [&](const auto& lease) { return lease_end_us(lease) <= now_us; });
    }
}

std::shared_ptr<const IdentitySnapshot> IdentityTable::snapshot() {
    auto snapshot = std::make_shared<IdentitySnapshot>();
    snapshot->tables_[static_cast<std::size_t>(BindingSource::Radius)] = radius_;
    snapshot->tables_[static_cast<std::size_t>(BindingSource::Dhcp)] = dhcp_;
    snapshot->generation_ = ++generation_;
    return snapshot;
}

IdentityCounts IdentityTable::counts() const {
    IdentityCounts counts;
    counts.radius_bindings = radius_.size();
    counts.dhcp_bindings = dhcp_.size();
    counts.leases_read = std::accumulate(read_.begin(), read_.end(), std::uint64_t{0});
    counts.stale_leases = std::accumulate(stale_.begin(), stale_.end(), std::uint64_t{0});
    counts.lease_file_issues = std::accumulate(issues_.begin(), issues_.end(), std::uint64_t{0});
    counts.leases_not_in_directory = not_in_directory_;
    return counts;
}

}  // namespace schoolgate::gateway::identity
