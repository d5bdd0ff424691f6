#include "tools/schoolgated/identity_feed.h"

#include <spdlog/spdlog.h>

#include "config/identity/file_bytes.h"
#include "config/identity/limits.h"

namespace schoolgate::tools::daemon {

namespace {

constexpr std::int64_t kExpiryEveryUs = 5'000'000;

gateway::identity::RadiusSession session_of(const gateway::radius::AccountingRequest& request) {
    return {request.user, request.addresses, request.mac};
}

// Lease times moved into the packets' time (the daemon's test-only school-time shift; zero in production).
void shift_leases(config::identity::LeaseFile& file, std::int64_t shift_s) {
    if (shift_s == 0) return;
    for (auto& lease : file.leases) {
        if (lease.starts != 0) lease.starts += shift_s;
        if (lease.ends != 0) lease.ends += shift_s;
    }
}

}  // namespace

IdentityFeed::IdentityFeed(const gateway::time::Clock& clock, std::chrono::microseconds shift)
    : clock_(clock), shift_(shift), table_(nullptr, 0) {}

std::int64_t IdentityFeed::now_us() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(clock_.wall_now().time_since_epoch() + shift_).count();
}

Result<std::unique_ptr<IdentityFeed>, std::string> IdentityFeed::open(const config::CompiledPolicy& policy,
                                                                      const gateway::time::Clock& clock,
                                                                      std::chrono::microseconds shift) {
    using Out = Result<std::unique_ptr<IdentityFeed>, std::string>;
    std::unique_ptr<IdentityFeed> feed{new IdentityFeed{clock, shift}};
    if (const auto& radius = policy.identity().radius) {
        auto secret = gateway::radius::read_secret_file(radius->secret_file);
        if (!secret.ok()) return Out::failure(std::move(secret).error());
        auto listener = gateway::radius::RadiusListener::open(radius->listen_address, radius->listen_port,
                                                              std::move(secret).value(), radius->clients);
        if (!listener.ok()) return Out::failure(std::move(listener).error());
        feed->radius_ = std::move(listener).value();
        spdlog::info("identity: RADIUS Accounting on {}:{} from {} client block(s)", radius->listen_address.to_string(),
                     radius->listen_port, radius->clients.size());
    }
    feed->on_policy(policy);
    for (const auto& source : policy.identity().dhcp_leases) feed->lease_files_.push_back(source.path);
    return Out::success(std::move(feed));
}

void IdentityFeed::on_policy(const config::CompiledPolicy& policy) {
    sources_ = policy.identity().dhcp_leases;
    table_.set_directory(policy.identity().directory, sources_.size());
    if (radius_ && policy.identity().radius) {
        const auto& radius = *policy.identity().radius;
        if (auto secret = gateway::radius::read_secret_file(radius.secret_file); secret.ok()) {
            radius_->reconfigure(std::move(secret).value(), radius.clients);
        } else {
            spdlog::error("identity: {}; the RADIUS secret and clients in force stay", secret.error());
        }
    }
    read_lease_files();
}

void IdentityFeed::read_lease_files() {
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        const auto& source = sources_[i];
        auto bytes = config::identity::read_file_bytes(source.path, config::identity::kMaxLeaseFileBytes);
        ++lease_reads_;
        if (!bytes.ok()) {
            // A DHCP server that has not written its file yet, or is rewriting it: keep what was read last.
            ++lease_read_failures_;
            spdlog::warn("identity: {}: {}", source.path, bytes.error());
            continue;
        }
        auto file = config::identity::parse_leases(source.format, bytes.value());
        for (const auto& issue : file.issues) {
            spdlog::warn("identity: {}:{}:{}: {} (line skipped)", source.path, issue.line, issue.column, issue.message);
        }
        shift_leases(file, std::chrono::duration_cast<std::chrono::seconds>(shift_).count());
        table_.set_leases(i, file, now_us());
    }
    publish();
}

void IdentityFeed::on_leases_changed() { read_lease_files(); }

void IdentityFeed::on_radius_readable() {
    if (!radius_) return;
    bool changed = false;
    radius_->receive([&](const gateway::radius::AccountingRequest& request) {
        using gateway::radius::StatusType;
        if (request.status == StatusType::Start || request.status == StatusType::InterimUpdate) {
            table_.radius_update(session_of(request), now_us());
            changed = true;
        } else if (request.status == StatusType::Stop) {
            table_.radius_stop(session_of(request));
            changed = true;
        }
    });
    if (changed) publish();
}

void IdentityFeed::tick() {
    const auto now = now_us();
    if (now < next_expiry_us_) return;
    next_expiry_us_ = now + kExpiryEveryUs;
    const auto before = table_.counts();
    table_.expire(now);
    const auto after = table_.counts();
    if (after.radius_bindings != before.radius_bindings || after.dhcp_bindings != before.dhcp_bindings) publish();
}

void IdentityFeed::publish() { store_.publish(table_.snapshot()); }

IdentityStats IdentityFeed::stats() const {
    IdentityStats stats;
    stats.table = table_.counts();
    if (radius_) stats.radius = radius_->counters();
    stats.generation = store_.generation();
    stats.lease_reads = lease_reads_;
    stats.lease_read_failures = lease_read_failures_;
    return stats;
}

}  // namespace schoolgate::tools::daemon
