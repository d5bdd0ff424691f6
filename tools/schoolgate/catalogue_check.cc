#include "tools/schoolgate/catalogue_check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <tuple>

#include "classifiers/ndpi/ndpi_mapping.h"
#include "classifiers/ndpi/ndpi_module.h"
#include "config/catalogue_review.h"
#include "config/policy/compiled_policy.h"
#include "config/yaml/file_kind.h"
#include "config/yaml/list_file.h"
#include "config/yaml/policy_loader.h"
#include "tools/common/policy_loading.h"
#include "tools/schoolgate/catalogue_view.h"

namespace schoolgate::tools {

namespace {

constexpr std::size_t kMaxNotesShown = 20;

std::string shown(const config::ConfigError& error) {
    if (!error.file.empty()) return config::ConfigError{shown_path(error.file), error.line, error.column, error.path, error.message}.to_string();
    return error.path + ": " + error.message;
}

void print_notes(const config::ConfigErrors& notes) {
    for (std::size_t i = 0; i < notes.size() && i < kMaxNotesShown; ++i) std::cout << "note: " << shown(notes[i]) << '\n';
    if (notes.size() > kMaxNotesShown) std::cout << "note: ... and " << notes.size() - kMaxNotesShown << " more\n";
}

int finish(config::ConfigErrors errors, const config::ConfigErrors& notes, const std::string& summary) {
    std::stable_sort(errors.begin(), errors.end(), [](const config::ConfigError& a, const config::ConfigError& b) {
        return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    for (const auto& error : errors) std::cerr << shown(error) << '\n';
    print_notes(notes);
    if (!errors.empty()) {
        std::cout << summary << ": " << errors.size() << (errors.size() == 1 ? " mistake\n" : " mistakes\n");
        return kExitConfigError;
    }
    std::cout << summary << ": ok\n";
    return kExitOk;
}

std::string counts(const config::model::PolicyModel& model) {
    std::size_t domains = 0, ranges = 0;
    for (const auto& s : model.services) {
        domains += s.definition.domains.size();
        ranges += s.definition.ip_ranges.size();
    }
    return std::to_string(model.services.size()) + " service definitions, " + std::to_string(domains) + " domains, " +
           std::to_string(ranges) + " ranges, " + std::to_string(model.groups.size()) + " groups";
}

// A YAML model (the catalogue, with a trust's additions or a school's policy): compiled as the daemon
// would, then reviewed.
int check_model(config::yaml::ReadPolicy read, bool catalogue_itself, const std::string& what) {
    auto errors = std::move(read.errors);
    if (!read.readable) return finish(std::move(errors), {}, what);
    const auto review = config::review_catalogue(read.model, catalogue_itself);
    errors.insert(errors.end(), review.errors.begin(), review.errors.end());
    auto notes = review.notes;
    const auto summary = what + " (" + counts(read.model) + ")";
    auto compiled = config::compile_policy(std::move(read.model));
    if (!compiled.ok()) {
        for (auto& e : std::move(compiled).error()) errors.push_back(std::move(e));
        return finish(std::move(errors), notes, summary);
    }
    const classifiers::ndpi::NdpiServiceMap ndpi{compiled.value()->catalogue()};
    for (const auto& name : ndpi.names_unknown_to(classifiers::ndpi::NdpiModule{})) {
        notes.push_back({"", 0, 0, "ndpi", "nDPI " + classifiers::ndpi::NdpiModule::version() + " has no protocol '" + name +
                                               "' (kept for the nDPI versions that do; it never matches here)"});
    }
    return finish(std::move(errors), notes, summary);
}

bool looks_like_ranges(const std::string& path) {
    std::ifstream in{path};
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        line.erase(0, line.find_first_not_of(" \t\r\xEF\xBB\xBF"));
        line.erase(line.find_last_not_of(" \t\r") + 1);
        if (!line.empty()) return net::Cidr::parse(line).ok() || net::IpAddress::parse(line).has_value();
    }
    return false;
}

// A plain list file: its own mistakes, then which of its entries the catalogue already names.
int check_list_file(const std::string& catalogue_path, const std::string& file) {
    config::ConfigErrors errors, notes;
    const config::model::SourceMark here{file, 0, 0};
    const auto shipped = config::compile_policy(config::yaml::read_catalogue_with(catalogue_path, "").model);
    if (!shipped.ok()) return finish(shipped.error(), {}, catalogue_path);
    const auto& catalogue = shipped.value()->catalogue();
    std::size_t count = 0, named = 0;
    if (looks_like_ranges(file)) {
        std::vector<net::Cidr> ranges;
        count = config::yaml::read_ranges_file(file, file, here, ranges, errors);
        for (const auto& range : ranges) {
            const auto id = catalogue.match_address(range.network());
            if (id == classifiers::kNoService) continue;
            ++named;
            notes.push_back({file, 0, 0, "", range.to_string() + " is (partly) " + std::string{catalogue.name(id)} + "'s already"});
        }
    } else {
        std::vector<std::string> domains;
        count = config::yaml::read_domains_file(file, file, here, domains, errors);
        for (const auto& domain : domains) {
            const auto id = catalogue.match_host(domain);
            if (id == classifiers::kNoService) continue;
            ++named;
            notes.push_back({file, 0, 0, "", domain + " is " + std::string{catalogue.name(id)} + "'s already (listed as " +
                                                 std::string{catalogue.matching_domain(domain)} + ")"});
        }
    }
    return finish(std::move(errors), notes,
                  file + ": " + std::to_string(count) + " entries, " + std::to_string(named) + " already in the catalogue");
}

}  // namespace

int run_catalogue_check(const std::string& catalogue_option, const std::string& file) {
    const auto catalogue = catalogue_option.empty() ? config::yaml::default_catalogue_path() : catalogue_option;
    auto read = config::yaml::read_catalogue_with(catalogue, "");
    // The shipped one by its version (its path depends on where schoolgate is installed), another by its path.
    const auto label = catalogue_option.empty() ? "catalogue " + read.model.catalogue.version : catalogue_option;
    if (file.empty()) return check_model(std::move(read), true, label);
    const auto extension = std::filesystem::path{file}.extension().string();
    if (extension != ".yaml" && extension != ".yml") return check_list_file(catalogue, file);
    switch (config::yaml::file_kind(file)) {
        case config::yaml::FileKind::Catalogue:
            return check_model(config::yaml::read_catalogue_with(catalogue, file), false, file + " with " + label);
        case config::yaml::FileKind::Policy:
            return check_model(config::yaml::read_policy(file, catalogue), false, file + " with " + label);
        default:
            std::cerr << file << ": " << config::yaml::not_a_policy(file).value_or("not a catalogue") << '\n';
            return kExitConfigError;
    }
}

}  // namespace schoolgate::tools
