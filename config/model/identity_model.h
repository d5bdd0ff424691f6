#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/net/cidr.h"
#include "common/net/ip_address.h"
#include "config/identity/directory.h"
#include "config/identity/lease.h"
#include "config/model/policy_model_base.h"

namespace schoolgate::config::model {

/// A DHCP server's lease file (`identity.dhcp_leases[]`), resolved beside the policy.
struct LeaseSourceModel {
    identity::LeaseFormat format = identity::LeaseFormat::Dnsmasq;
    std::string path;
    SourceMark mark;
};

/// The RADIUS Accounting listener (`identity.radius_accounting`).
struct RadiusAccountingModel {
    net::IpAddress listen_address;
    std::uint16_t listen_port = 1813;
    std::string secret_file;  ///< resolved beside the policy
    std::vector<net::Cidr> clients;
    SourceMark mark;
};

/// Where people and devices come from besides the policy's own `users:` and `devices:` (docs/policy.md,
/// "Identity"). Each part is optional.
struct IdentityModel {
    std::vector<LeaseSourceModel> dhcp_leases;
    std::optional<RadiusAccountingModel> radius;
    std::string directory_csv;  ///< resolved; empty when none
    SourceMark directory_mark;
    std::shared_ptr<const identity::Directory> directory;  ///< read with the policy; empty directory when none
};

}  // namespace schoolgate::config::model
