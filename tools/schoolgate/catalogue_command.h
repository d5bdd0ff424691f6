#pragma once

#include <string>

namespace CLI {
class App;
}

namespace schoolgate::tools {

struct CatalogueOptions {
    std::string catalogue;  ///< empty: the shipped one
    std::string policy;     ///< list/show: a school's policy whose services and groups join the catalogue's
    std::string id;         ///< show: the service
    std::string file;       ///< check: a trust's or school's file (additions YAML, policy or list file)
    bool list = false;
    bool show = false;
    bool check = false;
};

/// `schoolgate catalogue list|show ID|check [FILE]`: what the shipped catalogue (and a school's additions)
/// names, one service in full with the source of each entry, and a check of the catalogue or of a trust's
/// or school's file against it (docs/policy.md, "Adding or updating a service").
CatalogueOptions& add_catalogue_command(CLI::App& app);
int run_catalogue(const CatalogueOptions& options);

}  // namespace schoolgate::tools
