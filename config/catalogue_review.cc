#include "config/catalogue_review.h"

#include <algorithm>
#include <map>
#include <set>

namespace schoolgate::config {

namespace {

ConfigError at(const model::ServiceModel& service, std::string path, std::string message) {
    return {service.mark.file, service.mark.line, service.mark.column, std::move(path), std::move(message)};
}

bool lists(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

std::set<std::string> ranges_of(const model::ServiceModel& service) {
    std::set<std::string> ranges;
    for (const auto& range : service.definition.ip_ranges) ranges.insert(range.to_string());
    return ranges;
}

void review_sources(const model::ServiceModel& service, const std::set<std::string>& references, bool required,
                    ConfigErrors& errors) {
    const auto& name = service.definition.name;
    const auto ranges = ranges_of(service);
    std::set<std::string> covered;
    for (const auto& [reference, entries] : service.sources) {
        const std::string path = "services." + name + ".sources." + reference;
        if (!references.contains(reference)) {
            errors.push_back(at(service, path, "'" + reference + "' is not under references: (define it there, with where it is)"));
        }
        for (const auto& entry : entries) {
            if (entry == "*") {
                covered.insert(ranges.begin(), ranges.end());
            } else if (lists(service.definition.domains, entry) || ranges.contains(entry)) {
                covered.insert(entry);
            } else {
                errors.push_back(at(service, path, "'" + entry + "' is not one of " + name +
                                                       "'s domains or ranges (a source supports the service's own entries)"));
            }
        }
    }
    if (!required) return;
    for (const auto& domain : service.definition.domains) {
        if (!covered.contains(domain)) {
            errors.push_back(at(service, "services." + name + ".sources", "domain " + domain + " has no source (name where it comes from)"));
        }
    }
    for (const auto& range : ranges) {
        if (!covered.contains(range)) {
            errors.push_back(at(service, "services." + name + ".sources", "range " + range + " has no source (name where it comes from)"));
        }
    }
}

void review_shares(const model::ServiceModel& service, const std::map<std::string, const model::ServiceModel*>& by_name,
                   ConfigErrors& errors) {
    const auto& name = service.definition.name;
    for (const auto& [other, domains] : service.shares) {
        const std::string path = "services." + name + ".shares." + other;
        const auto found = by_name.find(other);
        if (found == by_name.end()) {
            errors.push_back(at(service, path, "'" + other + "' is not a service (shares: names another service and its domains)"));
            continue;
        }
        for (const auto& domain : domains) {
            if (!lists(found->second->definition.domains, domain)) {
                errors.push_back(at(service, path, "'" + domain + "' is not one of " + other + "'s domains (list the shared domain there)"));
            }
        }
    }
}

// A domain of one service under another service's domain: the longer suffix decides.
void note_overlaps(const model::PolicyModel& model, const std::map<std::string, std::string>& owner_of, ConfigErrors& notes) {
    for (const auto& service : model.services) {
        for (const auto& domain : service.definition.domains) {
            for (auto dot = domain.find('.'); dot != std::string::npos; dot = domain.find('.', dot + 1)) {
                const auto parent = owner_of.find(domain.substr(dot + 1));
                if (parent == owner_of.end() || parent->second == service.definition.name) continue;
                notes.push_back(at(service, "services." + service.definition.name + ".domains",
                                   domain + " is inside " + parent->first + " (" + parent->second + "): the longer suffix decides, so " +
                                       domain + " and its subdomains are " + service.definition.name));
            }
        }
    }
}

}  // namespace

CatalogueReview review_catalogue(const model::PolicyModel& model, bool sources_required) {
    CatalogueReview review;
    std::set<std::string> references;
    for (const auto& [id, text] : model.catalogue.references) references.insert(id);
    std::map<std::string, const model::ServiceModel*> by_name;
    std::map<std::string, std::string> owner_of;
    for (const auto& service : model.services) {
        by_name.emplace(service.definition.name, &service);
        for (const auto& domain : service.definition.domains) owner_of.emplace(domain, service.definition.name);
    }
    if (sources_required && (model.catalogue.version.empty() || model.catalogue.date.empty())) {
        review.errors.push_back({model.catalogue.file, 0, 0, "version", "the catalogue needs a version: and a date: (say which list this is)"});
    }
    for (std::size_t i = 0; i < model.services.size(); ++i) {
        const auto& service = model.services[i];
        review_sources(service, references, sources_required && i < model.catalogue_services, review.errors);
        review_shares(service, by_name, review.errors);
    }
    note_overlaps(model, owner_of, review.notes);
    return review;
}

}  // namespace schoolgate::config
