#include "tools/schoolgate/replay_identity.h"

#include <limits>
#include <vector>

#include "config/identity/file_bytes.h"
#include "config/identity/limits.h"
#include "gateway/identity/identity_table.h"
#include "tools/common/policy_loading.h"

namespace schoolgate::tools {

namespace {

using Identity = Result<std::shared_ptr<const gateway::identity::IdentitySnapshot>, int>;

struct LeaseSource {
    std::string path;
    std::optional<config::identity::LeaseFormat> format;  ///< nullopt: detect
};

std::optional<config::identity::LeaseFile> read_leases(const LeaseSource& source, std::ostream& err) {
    auto bytes = config::identity::read_file_bytes(source.path, config::identity::kMaxLeaseFileBytes);
    if (!bytes.ok()) {
        err << source.path << ": " << bytes.error() << '\n';
        return std::nullopt;
    }
    auto format = source.format ? source.format : config::identity::detect_lease_format(bytes.value());
    if (!format) {
        err << source.path << ": is not a dnsmasq, Kea or ISC dhcpd lease file (give --leases-format dnsmasq|kea|isc)\n";
        return std::nullopt;
    }
    auto file = config::identity::parse_leases(*format, bytes.value());
    for (const auto& issue : file.issues) {
        err << "warning: " << source.path << ':' << issue.line << ':' << issue.column << ": " << issue.message
            << " (line skipped)\n";
    }
    if (file.more_issues > 0) err << "warning: " << source.path << ": " << file.more_issues << " more bad lines skipped\n";
    if (file.truncated) err << "warning: " << source.path << ": more leases than can be held; the rest were not read\n";
    return file;
}

}  // namespace

Identity replay_identity(const config::CompiledPolicy& policy, const std::string& leases, const std::string& leases_format,
                         std::ostream& err) {
    std::vector<LeaseSource> sources;
    if (!leases.empty()) {
        sources.push_back({leases, leases_format.empty() ? std::nullopt : config::identity::lease_format_from_name(leases_format)});
    } else {
        for (const auto& source : policy.identity().dhcp_leases) sources.push_back({source.path, source.format});
    }
    if (sources.empty()) return Identity::success(nullptr);
    gateway::identity::IdentityTable table{policy.identity().directory, sources.size()};
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto file = read_leases(sources[i], err);
        if (!file) return Identity::failure(kExitConfigError);
        table.set_leases(i, *file, std::numeric_limits<std::int64_t>::min());
    }
    if (policy.directory().empty()) {
        err << "warning: the policy names no directory (identity.directory.csv), so no lease names a person\n";
    }
    return Identity::success(table.snapshot());
}

}  // namespace schoolgate::tools
