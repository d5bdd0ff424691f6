#include "tools/schoolgate/report_person.h"

#include <set>

#include "common/net/ip_address.h"
#include "config/suggest.h"

namespace schoolgate::tools {

namespace {

std::string where_known(const config::CompiledPolicy* policy, const char* listed_under) {
    return policy ? std::string{"the events and the policy's "} + listed_under + " were searched"
                  : "only the events were searched; give --policy to search the school's " + std::string{listed_under} + " too";
}

std::optional<std::string> unknown_user(const std::string& user, const std::vector<report::ReportEvent>& events,
                                        const config::CompiledPolicy* policy) {
    std::set<std::string> ids;
    for (const auto& e : events) {
        if (!e.user.empty()) ids.insert(e.user);
    }
    std::vector<config::PersonName> people;
    if (policy) {
        for (const auto& [id, model] : policy->subjects().users()) {
            if (id == user) return std::nullopt;
            people.push_back({id, model.display_name});
            ids.erase(id);  // listed once, with the display name
        }
        for (const auto& person : policy->directory().people()) {  // identity.directory (issue 17)
            if (person.username == user) return std::nullopt;
            people.push_back({person.username, person.display_name});
            ids.erase(person.username);
        }
    }
    if (ids.contains(user)) return std::nullopt;
    for (const auto& id : ids) people.push_back({id, {}});
    return "report --user: '" + user + "' is not a known user id (" + config::did_you_mean_person(user, people) +
           where_known(policy, "users") + ")";
}

std::optional<std::string> unknown_device(const std::string& device, const std::vector<report::ReportEvent>& events,
                                          const config::CompiledPolicy* policy) {
    // An address is a fair question even with no events: "nothing from that address" is then the true answer.
    if (net::IpAddress::parse(device)) return std::nullopt;
    std::set<std::string> names;
    for (const auto& e : events) {
        if (!e.device.empty()) names.insert(e.device);
    }
    if (policy) {
        for (const auto& d : policy->subjects().devices()) names.insert(d.name);
    }
    if (names.contains(device)) return std::nullopt;
    const std::vector<std::string_view> candidates{names.begin(), names.end()};
    return "report --device: '" + device + "' is not a device label the events name, nor an address (" +
           config::did_you_mean(device, candidates) + where_known(policy, "devices") + ")";
}

}  // namespace

std::optional<std::string> unknown_person(const report::EventFilter& filter, const std::vector<report::ReportEvent>& events,
                                          const config::CompiledPolicy* policy) {
    if (!filter.user.empty()) return unknown_user(filter.user, events, policy);
    if (!filter.device.empty()) return unknown_device(filter.device, events, policy);
    return std::nullopt;
}

}  // namespace schoolgate::tools
