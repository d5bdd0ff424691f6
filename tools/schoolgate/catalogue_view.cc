#include "tools/schoolgate/catalogue_view.h"

#include <algorithm>
#include <filesystem>

namespace schoolgate::tools {

namespace {

void append_new(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const auto& item : from) {
        if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
    }
}

void merge_lists(config::model::NamedLists& to, const config::model::NamedLists& from) {
    for (const auto& [key, items] : from) {
        auto it = std::find_if(to.begin(), to.end(), [&](const auto& entry) { return entry.first == key; });
        if (it == to.end()) {
            to.emplace_back(key, items);
        } else {
            append_new(it->second, items);
        }
    }
}

void merge_into(ServiceView& view, const config::model::ServiceModel& service, bool shipped) {
    const auto& d = service.definition;
    if (view.name.empty()) {
        view.name = d.name;
        view.shipped = shipped;
    }
    if (view.display_name.empty() || d.display_name != d.name) view.display_name = d.display_name;
    if (!d.owner.empty()) view.owner = d.owner;
    const auto before = view.domains.size();
    append_new(view.domains, d.domains);
    if (view.shipped && !shipped) view.added_domains += view.domains.size() - before;
    std::vector<std::string> ranges;
    for (const auto& range : d.ip_ranges) ranges.push_back(range.to_string());
    append_new(view.ranges, ranges);
    append_new(view.ndpi, d.ndpi_protocols);
    append_new(view.aliases, d.aliases);
    merge_lists(view.sources, service.sources);
    merge_lists(view.shares, service.shares);
    if (!service.notes.empty()) view.notes.push_back(service.notes);
    append_new(view.files, {shipped ? std::string{"the catalogue"} : shown_path(service.mark.file)});
}

}  // namespace

std::vector<ServiceView> service_views(const config::model::PolicyModel& model) {
    std::vector<ServiceView> views;
    for (std::size_t i = 0; i < model.services.size(); ++i) {
        const auto& service = model.services[i];
        auto it = std::find_if(views.begin(), views.end(), [&](const ServiceView& v) { return v.name == service.definition.name; });
        if (it == views.end()) it = views.insert(views.end(), ServiceView{});
        merge_into(*it, service, i < model.catalogue_services);
    }
    return views;
}

std::vector<GroupView> group_views(const config::model::PolicyModel& model) {
    std::vector<GroupView> views;
    for (std::size_t i = 0; i < model.groups.size(); ++i) {
        const auto& group = model.groups[i];
        auto it = std::find_if(views.begin(), views.end(), [&](const GroupView& v) { return v.name == group.name; });
        if (it == views.end()) {
            views.push_back({group.name, group.members, group.mark.file, false});
        } else {  // a later definition of the same name replaces the earlier (config/policy/compile_policy.cc)
            *it = {group.name, group.members, group.mark.file, i >= model.catalogue_groups};
        }
    }
    return views;
}

std::string shown_path(const std::string& path) {
    std::error_code error;
    const auto relative = std::filesystem::relative(path, error);
    if (error || relative.empty() || *relative.begin() == "..") return path;
    return relative.string();
}

std::vector<std::string> sources_of(const ServiceView& view, const std::string& entry, bool is_range) {
    std::vector<std::string> found;
    for (const auto& [reference, entries] : view.sources) {
        const bool named = std::find(entries.begin(), entries.end(), entry) != entries.end() ||
                           (is_range && std::find(entries.begin(), entries.end(), "*") != entries.end());
        if (named) found.push_back(reference);
    }
    return found;
}

}  // namespace schoolgate::tools
