#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "classifiers/services/service_catalogue.h"

namespace schoolgate::config::model {

/// Where a value was written, so that compile-time checks can point at it.
struct SourceMark {
    std::string file;
    int line = 0;
    int column = 0;
};

enum class Action { Allow, Block, Monitor };

struct SchoolModel {
    std::string name;
    std::string time_zone = "Europe/London";
    SourceMark time_zone_mark;
};

struct ServiceModel {
    classifiers::services::ServiceDefinition definition;
    SourceMark mark;
};

struct GroupModel {
    std::string name;
    std::vector<std::string> members;  ///< service names
    SourceMark mark;
};

struct RuleModel {
    std::string name;
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
    std::vector<ServiceModel> services;  ///< the shipped catalogue first, then the school's own additions
    std::vector<GroupModel> groups;
    std::vector<RuleModel> rules;
    Action default_action = Action::Allow;
};

std::string_view action_name(Action action) noexcept;

}  // namespace schoolgate::config::model
