#pragma once

#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "classifiers/services/service_catalogue.h"
#include "common/net/cidr.h"
#include "common/net/ip_address.h"
#include "common/net/mac_address.h"
#include "config/model/circumvention_model.h"
#include "config/model/exemption_model.h"
#include "config/model/identity_model.h"
#include "config/model/policy_model_base.h"
#include "config/timetable/timetable_model.h"

namespace schoolgate::config::model {

struct SchoolModel {
    std::string name;
    std::string time_zone = "Europe/London";
    SourceMark time_zone_mark;
};

/// Entries a service's list names, by key: `sources:` (reference -> the domains and ranges it supports, '*' for
/// all the ranges) and `shares:` (another service -> its domains this service's apps also load).
using NamedLists = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct ServiceModel {
    classifiers::services::ServiceDefinition definition;
    SourceMark mark;
    NamedLists sources;
    NamedLists shares;
    std::string notes;
};

/// What the catalogue file says about itself: its version and date, and the references its services'
/// `sources:` name. A policy's own services may name these references too.
struct CatalogueInfo {
    std::string file;
    std::string version;
    std::string date;
    std::vector<std::pair<std::string, std::string>> references;  ///< id -> where it is (text, URL)
};

struct GroupModel {
    std::string name;
    std::vector<std::string> members;  ///< service names
    SourceMark mark;
};

/// A network a school names: addresses (and optionally a VLAN) whose devices get a role.
struct NetworkModel {
    std::string name;
    std::optional<net::Cidr> cidr;
    std::optional<std::uint16_t> vlan;
    std::string role;
    std::string label;
    SourceMark mark;
    SourceMark role_mark;
};

struct UserModel {
    std::string id;
    std::string display_name;
    std::string role;
    SourceMark mark;
    SourceMark role_mark;
};

/// A known device: by IP and/or MAC, belonging to a user. A device beats its network.
struct DeviceModel {
    std::string name;
    std::optional<net::IpAddress> ip;
    std::optional<net::MacAddress> mac;
    std::string user;
    SourceMark mark;
    SourceMark user_mark;
};

/// When a rule applies: every condition in `all_of` and at least one in `any_of` (when not empty).
/// Empty = always.
struct WhenModel {
    std::vector<std::string> any_of;
    std::vector<std::string> all_of;
    SourceMark mark;
};

struct RuleModel {
    std::string name;
    WhoModel who;
    WhenModel when;
    std::vector<std::string> services;  ///< service names, group names, or "any"
    Action action = Action::Block;
    std::string reason;
    SourceMark mark;
    std::vector<SourceMark> service_marks;  ///< parallel to services
};

/// A policy as written: plain data, unvalidated beyond its shape. compile() checks the meaning.
struct PolicyModel {
    std::string source_file;
    SchoolModel school;
    std::vector<std::string> roles;  ///< the roles rules may name (built-in set unless the policy lists its own)
    std::vector<NetworkModel> networks;
    std::vector<UserModel> users;
    std::vector<DeviceModel> devices;
    std::optional<timetable::TimetableModel> timetable;
    std::string timetable_file;  ///< resolved path when `timetable:` names a file; empty when inline (or none)
    std::vector<ExemptionModel> exemptions;
    std::string exemptions_file;  ///< resolved path, empty when the policy has none
    std::vector<std::string> list_files;  ///< resolved paths of the domains_file / ip_ranges_file lists read
    CatalogueInfo catalogue;
    std::size_t catalogue_services = 0;  ///< how many of `services` came from the catalogue file (they come first)
    std::size_t catalogue_groups = 0;    ///< the same for `groups`
    std::vector<ServiceModel> services;  ///< the shipped catalogue first, then the school's own additions
    std::vector<GroupModel> groups;
    std::vector<RuleModel> rules;
    Action default_action = Action::Allow;
    CircumventionModel circumvention;
    IdentityModel identity;
};

std::string_view action_name(Action action) noexcept;

/// Roles every policy knows without declaring them. "unknown" is the role of an address no network or
/// device claims.
inline const std::vector<std::string> kBuiltInRoles = {"pupil", "staff", "headteacher", "visitor", "unknown"};

}  // namespace schoolgate::config::model
