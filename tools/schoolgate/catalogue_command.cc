#include "tools/schoolgate/catalogue_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "config/suggest.h"
#include "config/yaml/policy_loader.h"
#include "tools/common/policy_loading.h"
#include "tools/schoolgate/catalogue_check.h"
#include "tools/schoolgate/catalogue_view.h"

namespace schoolgate::tools {

namespace {

std::string joined(const std::vector<std::string>& items, std::string_view none = "none") {
    if (items.empty()) return std::string{none};
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

// The catalogue, or the catalogue and a school's policy, read and compiled; mistakes printed.
std::optional<config::model::PolicyModel> load_model(const CatalogueOptions& o) {
    const auto catalogue = o.catalogue.empty() ? config::yaml::default_catalogue_path() : o.catalogue;
    if (!o.policy.empty() && !load_policy_snapshot(o.policy, o.catalogue, 0)) return std::nullopt;
    auto read = o.policy.empty() ? config::yaml::read_catalogue_with(catalogue, "")
                                 : config::yaml::read_policy(o.policy, catalogue);
    if (!read.errors.empty()) {
        for (const auto& error : read.errors) std::cerr << error.to_string() << '\n';
        return std::nullopt;
    }
    return std::move(read.model);
}

void print_heading(const config::model::PolicyModel& model, std::size_t services, std::size_t groups) {
    const auto& info = model.catalogue;
    std::cout << "catalogue " << (info.version.empty() ? "(no version)" : info.version) << " ("
              << (info.date.empty() ? "no date" : info.date) << "): " << services << " services, "
              << groups << " groups\n";
}

int list(const config::model::PolicyModel& model, const CatalogueOptions& o) {
    const auto services = service_views(model);
    const auto groups = group_views(model);
    print_heading(model, services.size(), groups.size());
    std::cout << std::left << std::setw(12) << "service" << std::setw(14) << "name" << std::setw(30) << "owner"
              << std::right << std::setw(7) << "domains" << std::setw(7) << "ranges" << "  nDPI\n";
    for (const auto& s : services) {
        std::string from;
        if (!s.shipped) from = "  (added by " + o.policy + ")";
        if (s.shipped && s.added_domains > 0) from = "  (+" + std::to_string(s.added_domains) + " domains from " + o.policy + ")";
        std::cout << std::left << std::setw(12) << s.name << std::setw(14) << s.display_name << std::setw(30)
                  << (s.owner.empty() ? "-" : s.owner) << std::right << std::setw(7) << s.domains.size() << std::setw(7)
                  << s.ranges.size() << "  " << joined(s.ndpi, "-") << from << '\n';
    }
    std::cout << "groups:\n";
    for (const auto& g : groups) {
        std::cout << "  " << g.name << " (" << g.members.size() << "): " << joined(g.members)
                  << (g.replaced ? "  (" + g.file + " replaces the shipped group)" : "") << '\n';
    }
    return kExitOk;
}

void print_entries(std::string_view title, const ServiceView& s, const std::vector<std::string>& entries, bool ranges) {
    std::cout << title << " (" << entries.size() << "):" << (entries.empty() ? " none\n" : "\n");
    for (const auto& entry : entries) {
        std::cout << "  " << std::left << std::setw(40) << entry << joined(sources_of(s, entry, ranges), "(no source)") << '\n';
    }
}

void print_relations(const ServiceView& s, const std::vector<ServiceView>& all, const std::vector<GroupView>& groups) {
    std::vector<std::string> in_groups, same_owner, shares;
    for (const auto& g : groups) {
        if (std::find(g.members.begin(), g.members.end(), s.name) != g.members.end()) in_groups.push_back(g.name);
    }
    for (const auto& other : all) {
        if (other.name != s.name && !s.owner.empty() && other.owner == s.owner) same_owner.push_back(other.name);
    }
    for (const auto& [other, domains] : s.shares) shares.push_back(other + " (" + joined(domains) + ")");
    std::cout << "groups: " << joined(in_groups) << '\n'
              << "same owner: " << joined(same_owner) << '\n'
              << "shares: " << joined(shares) << (shares.empty() ? "" : "; they stay that service's: a rule names both to decide both") << '\n';
    for (const auto& note : s.notes) std::cout << "note: " << note << '\n';
}

int show(const config::model::PolicyModel& model, const CatalogueOptions& o) {
    const auto services = service_views(model);
    const auto it = std::find_if(services.begin(), services.end(), [&](const ServiceView& s) { return s.name == o.id; });
    if (it == services.end()) {
        // Names and aliases only, for the hint the other commands give (config/suggest.h).
        classifiers::services::ServiceCatalogue names_only;
        std::vector<std::string> ignored;
        std::vector<std::string_view> names;
        for (const auto& s : services) {
            classifiers::services::ServiceDefinition definition;
            definition.name = s.name;
            definition.aliases = s.aliases;
            names_only.add(std::move(definition), ignored);
            names.push_back(s.name);
        }
        std::cerr << "catalogue show: '" << o.id << "' is not a service in the catalogue ("
                  << config::did_you_mean_service(o.id, names, names_only) << "services: " << config::one_of(names) << ")\n";
        return kExitConfigError;
    }
    const auto& s = *it;
    std::cout << s.name << ": " << s.display_name << ", owner " << (s.owner.empty() ? "not given" : s.owner) << ", from "
              << joined(s.files) << '\n';
    if (!s.aliases.empty()) std::cout << "also called: " << joined(s.aliases) << " (a policy writes " << s.name << ")\n";
    print_entries("domains", s, s.domains, false);
    print_entries("address ranges", s, s.ranges, true);
    if (s.ranges.empty()) std::cout << "  (named only by name: TLS SNI, QUIC, DNS, HTTP Host)\n";
    std::cout << "nDPI: " << joined(s.ndpi) << '\n';
    print_relations(s, services, group_views(model));
    return kExitOk;
}

}  // namespace

CatalogueOptions& add_catalogue_command(CLI::App& app) {
    static CatalogueOptions options;
    auto* catalogue = app.add_subcommand("catalogue", "What the service catalogue names, and checks of it");
    catalogue->require_subcommand(1);
    catalogue->add_option("--catalogue", options.catalogue, "service catalogue (default: the shipped one)");
    auto* list = catalogue->add_subcommand("list", "Every service (owner, domains, ranges, nDPI names) and group");
    list->add_option("--policy", options.policy, "a school's policy: its own services and groups too");
    list->callback([] { options.list = true; });
    auto* show = catalogue->add_subcommand("show", "One service in full, with the source of each entry");
    show->add_option("ID", options.id, "the service, e.g. tiktok")->required();
    show->add_option("--policy", options.policy, "a school's policy: its additions too");
    show->callback([] { options.show = true; });
    auto* check = catalogue->add_subcommand("check", "Check the catalogue, or a trust's or school's file against it");
    check->add_option("FILE", options.file, "a trust's additions (YAML), a policy, or a domains/ranges list file");
    check->callback([] { options.check = true; });
    return options;
}

int run_catalogue(const CatalogueOptions& options) {
    if (options.check) return run_catalogue_check(options.catalogue, options.file);
    const auto model = load_model(options);
    if (!model) return kExitConfigError;
    return options.show ? show(*model, options) : list(*model, options);
}

}  // namespace schoolgate::tools
