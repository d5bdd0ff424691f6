#pragma once

#include <string>
#include <vector>

#include "config/model/policy_model.h"

namespace schoolgate::tools {

/// One service as the catalogue and a school's additions define it together, with where each part came from.
struct ServiceView {
    std::string name;
    std::string display_name;
    std::string owner;
    std::vector<std::string> domains;
    std::vector<std::string> ranges;
    std::vector<std::string> ndpi;
    std::vector<std::string> aliases;
    config::model::NamedLists sources;
    config::model::NamedLists shares;
    std::vector<std::string> notes;
    std::vector<std::string> files;  ///< what defines it: "the catalogue", then a school's or trust's file
    bool shipped = false;            ///< the catalogue lists it
    std::size_t added_domains = 0;   ///< domains a school's file adds to a shipped service
};

struct GroupView {
    std::string name;
    std::vector<std::string> members;
    std::string file;      ///< the file whose definition counts (a school's replaces the catalogue's)
    bool replaced = false; ///< a school's file replaced the catalogue's group of this name
};

/// Services in catalogue order, then a school's own, each merged across the files that define it.
std::vector<ServiceView> service_views(const config::model::PolicyModel& model);
std::vector<GroupView> group_views(const config::model::PolicyModel& model);

/// `path` relative to the working directory when it lies under it (the shipped catalogue from the source tree
/// reads as config/catalogue/services.yaml), else as given.
std::string shown_path(const std::string& path);

/// The sources (reference ids) that support `entry` of `view` ('*' counts for every range).
std::vector<std::string> sources_of(const ServiceView& view, const std::string& entry, bool is_range);

}  // namespace schoolgate::tools
