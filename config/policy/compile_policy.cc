#include <date/tz.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

#include "config/policy/compile_steps.h"
#include "config/suggest.h"

namespace schoolgate::config {

namespace detail {

ConfigError error_at(const model::SourceMark& mark, std::string path, std::string message) {
    return {mark.file, mark.line, mark.column, std::move(path), std::move(message)};
}

std::string service_hint(const std::string& name, const ServiceNames& known) {
    return did_you_mean_service(name, known.known, *known.catalogue);
}

ServiceNames resolve_groups(const model::PolicyModel& model, const classifiers::services::ServiceCatalogue& catalogue,
                            ConfigErrors& errors) {
    ServiceNames names;
    names.catalogue = &catalogue;
    for (std::size_t id = 1; id <= catalogue.size(); ++id) names.known.push_back(catalogue.name(static_cast<classifiers::ServiceId>(id)));
    std::set<std::string> defined;
    for (const auto& group : model.groups) {
        auto& members = names.groups[group.name];
        // The catalogue's groups come first; a policy that defines a group of the same name replaces it.
        if (!defined.insert(group.name).second) members.clear();
        for (const auto& member : group.members) {
            const auto id = catalogue.find(member);
            if (id == classifiers::kNoService) {
                errors.push_back(error_at(group.mark, "groups." + group.name, "unknown service '" + member + "' (" +
                                                                                  service_hint(member, names) +
                                                                                  "services are defined under 'services:')"));
            } else {
                members.push_back(id);
            }
        }
    }
    for (const auto& entry : names.groups) names.known.push_back(entry.first);
    return names;
}

ServiceSet resolve_services(const std::vector<std::string>& service_names, const std::vector<model::SourceMark>& marks,
                            const model::SourceMark& fallback, const std::string& path, const ServiceNames& known,
                            ConfigErrors& errors) {
    ServiceSet set{false, std::vector<bool>(known.catalogue->size() + 1, false)};
    for (std::size_t i = 0; i < service_names.size(); ++i) {
        const auto& name = service_names[i];
        if (name == "any") {
            set.any = true;
        } else if (const auto id = known.catalogue->find(name); id != classifiers::kNoService) {
            set.ids[id] = true;
        } else if (const auto group = known.groups.find(name); group != known.groups.end()) {
            for (auto member : group->second) set.ids[member] = true;
        } else {
            errors.push_back(error_at(i < marks.size() ? marks[i] : fallback, path + "[" + std::to_string(i) + "]",
                                      "unknown service or group '" + name + "' (" + service_hint(name, known) +
                                          "use a name from the catalogue, a group, or 'any')"));
        }
    }
    return set;
}

}  // namespace detail

namespace {

using Compiled = Result<std::shared_ptr<const CompiledPolicy>, ConfigErrors>;

struct CidrHash {
    std::size_t operator()(const net::Cidr& block) const noexcept {
        return block.network().hash() ^ (std::size_t{block.prefix_length()} << 56);
    }
};

// A school's own definition of a catalogue service extends it ("more domains for facebook"); new names
// are added.
std::vector<classifiers::services::ServiceDefinition> merge_services(std::vector<model::ServiceModel>& services) {
    std::vector<classifiers::services::ServiceDefinition> merged;
    for (auto& service : services) {
        auto& definition = service.definition;
        auto existing = std::find_if(merged.begin(), merged.end(), [&](const auto& d) { return d.name == definition.name; });
        if (existing == merged.end()) {
            merged.push_back(std::move(definition));
            continue;
        }
        if (definition.display_name != definition.name) existing->display_name = definition.display_name;
        if (!definition.owner.empty()) existing->owner = definition.owner;
        // A set of what is there already, not a search of the list per entry: a school may add a list file of
        // a million domains to a shipped service. Reserved first, so the views stay valid as the list grows.
        existing->domains.reserve(existing->domains.size() + definition.domains.size());
        std::unordered_set<std::string_view> domains(existing->domains.begin(), existing->domains.end());
        for (auto& d : definition.domains) {
            if (domains.insert(d).second) existing->domains.push_back(std::move(d));
        }
        std::unordered_set<net::Cidr, CidrHash> ranges(existing->ip_ranges.begin(), existing->ip_ranges.end());
        for (auto& r : definition.ip_ranges) {
            if (ranges.insert(r).second) existing->ip_ranges.push_back(r);
        }
        existing->ndpi_protocols.insert(existing->ndpi_protocols.end(), definition.ndpi_protocols.begin(), definition.ndpi_protocols.end());
        existing->aliases.insert(existing->aliases.end(), definition.aliases.begin(), definition.aliases.end());
    }
    return merged;
}

}  // namespace

Compiled compile_policy(model::PolicyModel model) {
    ConfigErrors errors;
    auto policy = std::make_shared<CompiledPolicy>();
    policy->school_name_ = model.school.name;
    policy->source_file_ = model.source_file;
    policy->exemptions_file_ = model.exemptions_file;
    policy->timetable_file_ = model.timetable_file;
    policy->list_files_ = model.list_files;
    policy->time_zone_name_ = model.school.time_zone;
    try {
        policy->time_zone_ = date::locate_zone(model.school.time_zone);
    } catch (const std::exception&) {
        errors.push_back(detail::error_at(model.school.time_zone_mark, "school.time_zone", "unknown time zone '" + model.school.time_zone +
                                                                                           "' (use an IANA name such as Europe/London)"));
        policy->time_zone_ = date::locate_zone("Etc/UTC");  // keeps later checks meaningful; the policy is refused anyway
    }
    std::vector<std::string> conflicts;
    for (auto& definition : merge_services(model.services)) policy->catalogue_.add(std::move(definition), conflicts);
    for (auto& conflict : conflicts) errors.push_back({model.source_file, 0, 0, "services", conflict + " (list each domain and range once)"});
    if (model.timetable) {
        auto timetable = timetable::compile_timetable(*model.timetable);
        if (timetable.ok()) {
            policy->timetable_ = std::move(timetable).value();
        } else {
            for (auto& e : timetable.error()) errors.push_back(e);
        }
    }
    policy->subjects_ = SubjectIndex::build(model, errors);
    const auto services = detail::resolve_groups(model, policy->catalogue_, errors);
    policy->rules_ = detail::compile_rules(model, services, policy->subjects_, errors);
    policy->exemptions_ = detail::compile_exemptions(model, *policy, services, errors);
    policy->default_action_ = model.default_action;
    policy->circumvention_ = detail::compile_circumvention(model, policy->subjects_, errors);
    policy->directory_ = detail::compile_identity(model, policy->subjects_, errors);
    policy->identity_ = std::move(model.identity);
    policy->identity_.directory = policy->directory_;
    if (!errors.empty()) return Compiled::failure(std::move(errors));
    return Compiled::success(std::move(policy));
}

}  // namespace schoolgate::config
