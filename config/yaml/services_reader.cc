#include "config/yaml/services_reader.h"

#include "classifiers/host_name.h"
#include "config/yaml/list_file.h"
#include "config/yaml/yaml_file.h"
#include "config/yaml/yaml_reader.h"

namespace schoolgate::config::yaml {

void read_domains(MapReader& reader, const YAML::Node& node, const std::string& path,
                  classifiers::services::ServiceDefinition& service) {
    const auto domains = reader.get_string_list("domains");
    if (!domains) return;
    for (std::size_t i = 0; i < domains->size(); ++i) {
        const auto& raw = (*domains)[i];
        auto normalised = classifiers::normalise_host_name(raw);
        if (!normalised || normalised->find('*') != std::string::npos) {
            reader.error(node["domains"][i], path + ".domains[" + std::to_string(i) + "]",
                         "'" + raw + "' is not a domain name (write it as example.com: no scheme, path or wildcard)");
            continue;
        }
        service.domains.push_back(std::move(*normalised));
    }
}

void read_ranges(MapReader& reader, const YAML::Node& node, const std::string& path,
                 classifiers::services::ServiceDefinition& service) {
    const auto ranges = reader.get_string_list("ip_ranges");
    if (!ranges) return;
    for (std::size_t i = 0; i < ranges->size(); ++i) {
        auto cidr = net::Cidr::parse((*ranges)[i]);
        if (!cidr.ok()) {
            reader.error(node["ip_ranges"][i], path + ".ip_ranges[" + std::to_string(i) + "]",
                         cidr.error() + " (write a block as 157.240.0.0/16 or 2a03:2880::/32)");
            continue;
        }
        service.ip_ranges.push_back(cidr.value());
    }
}

void read_list_files(MapReader& reader, const std::string& path, const std::string& file, model::PolicyModel& policy,
                     classifiers::services::ServiceDefinition& service, ConfigErrors& errors) {
    if (auto list = reader.get_string("domains_file")) {
        const auto resolved = resolve_beside(file, *list);
        read_domains_file(resolved, path + ".domains_file", reader.mark_of(reader.get("domains_file")), service.domains,
                          errors);
        policy.list_files.push_back(resolved);
    }
    if (auto list = reader.get_string("ip_ranges_file")) {
        const auto resolved = resolve_beside(file, *list);
        read_ranges_file(resolved, path + ".ip_ranges_file", reader.mark_of(reader.get("ip_ranges_file")),
                         service.ip_ranges, errors);
        policy.list_files.push_back(resolved);
    }
}

// `sources:` and `shares:`: a mapping of a name to a list of entries.
model::NamedLists read_named_lists(MapReader& reader, std::string_view key, const std::string& path,
                                   const std::string& file, ConfigErrors& errors) {
    model::NamedLists lists;
    const YAML::Node node = reader.get(key);
    if (!node.IsDefined()) return lists;
    const std::string key_path = path + "." + std::string{key};
    if (!node.IsMap()) {
        reader.error(node, key_path, "must be a mapping of a name to a list (write it as name: [entry, entry])");
        return lists;
    }
    for (const auto& entry : node) {
        const std::string name = entry.first.as<std::string>("");
        const std::string entry_path = key_path + "." + name;
        if (!entry.second.IsSequence()) {
            reader.error(entry.second, entry_path, "must be a list of domains or ranges");
            continue;
        }
        std::vector<std::string> items;
        for (std::size_t i = 0; i < entry.second.size(); ++i) {
            if (auto item = scalar_string(entry.second[i], entry_path + "[" + std::to_string(i) + "]", file, errors)) {
                items.push_back(*item);
            }
        }
        lists.emplace_back(name, std::move(items));
    }
    return lists;
}

void read_services(const YAML::Node& services, const std::string& file, model::PolicyModel& policy,
                   ConfigErrors& errors) {
    if (!services.IsMap()) {
        errors.push_back(error_at(services, file, "services", "must be a mapping of service name to its details"));
        return;
    }
    for (const auto& entry : services) {
        const std::string name = entry.first.as<std::string>("");
        const std::string path = "services." + name;
        MapReader reader{entry.second, path, file, errors,
                         {"display_name", "owner", "aliases", "domains", "ip_ranges", "domains_file", "ip_ranges_file", "ndpi",
                          "sources", "shares", "notes"}};
        if (!reader.valid()) continue;
        model::ServiceModel service;
        service.mark = reader.mark_of(entry.first);
        service.definition.name = name;
        service.definition.display_name = reader.get_string("display_name").value_or(name);
        service.definition.owner = reader.get_string("owner").value_or("");
        service.notes = reader.get_string("notes").value_or("");
        service.sources = read_named_lists(reader, "sources", path, file, errors);
        service.shares = read_named_lists(reader, "shares", path, file, errors);
        read_domains(reader, entry.second, path, service.definition);
        read_ranges(reader, entry.second, path, service.definition);
        read_list_files(reader, path, file, policy, service.definition, errors);
        service.definition.ndpi_protocols = reader.get_string_list("ndpi").value_or(std::vector<std::string>{});
        service.definition.aliases = reader.get_string_list("aliases").value_or(std::vector<std::string>{});
        policy.services.push_back(std::move(service));
    }
}

void read_catalogue_info(MapReader& reader, const std::string& file, model::CatalogueInfo& info, ConfigErrors& errors) {
    info.version = reader.get_string("version").value_or("");
    info.date = reader.get_string("date").value_or("");
    const YAML::Node references = reader.get("references");
    if (!references.IsDefined()) return;
    if (!references.IsMap()) {
        reader.error(references, "references", "must be a mapping of a reference id to where it is (text or URL)");
        return;
    }
    for (const auto& entry : references) {
        const std::string id = entry.first.as<std::string>("");
        if (auto text = scalar_string(entry.second, "references." + id, file, errors)) info.references.emplace_back(id, *text);
    }
}

void read_groups(const YAML::Node& groups, const std::string& file, model::PolicyModel& policy,
                 ConfigErrors& errors) {
    if (!groups.IsMap()) {
        errors.push_back(error_at(groups, file, "groups", "must be a mapping of group name to a list of services"));
        return;
    }
    for (const auto& entry : groups) {
        model::GroupModel group;
        group.name = entry.first.as<std::string>("");
        const auto mark = error_at(entry.first, file, "", "");
        group.mark = {file, mark.line, mark.column};
        if (!entry.second.IsSequence()) {
            errors.push_back(error_at(entry.second, file, "groups." + group.name, "must be a list of service names"));
            continue;
        }
        for (std::size_t i = 0; i < entry.second.size(); ++i) {
            const auto path = "groups." + group.name + "[" + std::to_string(i) + "]";
            if (auto member = scalar_string(entry.second[i], path, file, errors)) group.members.push_back(*member);
        }
        policy.groups.push_back(std::move(group));
    }
}

}  // namespace schoolgate::config::yaml
