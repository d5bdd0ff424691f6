#include <algorithm>
#include <set>

#include "config/policy/compile_steps.h"
#include "config/suggest.h"

namespace schoolgate::config::detail {

namespace {

std::vector<std::string_view> views(const std::vector<std::string>& names) { return {names.begin(), names.end()}; }

}  // namespace

void check_who(const model::WhoModel& who, const std::string& path, const SubjectIndex& subjects, ConfigErrors& errors) {
    for (const auto& role : who.roles) {
        if (!subjects.has_role(role)) {
            errors.push_back(error_at(who.mark, path + ".who.roles", "unknown role '" + role + "' (" +
                                                                              did_you_mean(role, views(subjects.roles())) +
                                                                              "use a built-in role or one under 'roles:')"));
        }
    }
    std::vector<std::string> user_ids;
    for (const auto& entry : subjects.users()) user_ids.push_back(entry.first);
    for (const auto& user : who.users) {
        if (!subjects.users().count(user)) {
            errors.push_back(error_at(who.mark, path + ".who.users", "unknown user '" + user + "' (" +
                                                                              did_you_mean(user, views(user_ids)) +
                                                                              "list the user under 'users:')"));
        }
    }
    std::vector<std::string> network_names;
    for (const auto& network : subjects.networks()) network_names.push_back(network.name);
    for (const auto& network : who.networks) {
        if (std::find(network_names.begin(), network_names.end(), network) == network_names.end()) {
            errors.push_back(error_at(who.mark, path + ".who.networks", "unknown network '" + network + "' (" +
                                                                                 did_you_mean(network, views(network_names)) +
                                                                                 "list it under 'networks:')"));
        }
    }
}

namespace {

using classifiers::ServiceId;

std::vector<timetable::Condition> conditions(const std::vector<std::string>& names, const model::RuleModel& rule,
                                             const std::string& path, bool have_timetable, ConfigErrors& errors) {
    std::vector<timetable::Condition> result;
    for (const auto& name : names) {
        const auto condition = timetable::condition_from_name(name);
        if (!condition) {
            errors.push_back(error_at(rule.when.mark, path, "unknown condition '" + name + "' (" +
                                                                did_you_mean(name, timetable::condition_names()) +
                                                                "use lesson, break, lunch, registration, school_hours, "
                                                                "outside_school_hours, term, holiday or always)"));
        } else if (*condition != timetable::Condition::Always && !have_timetable) {
            errors.push_back(error_at(rule.when.mark, path, "'" + name + "' needs the school's timetable (add a "
                                                                         "'timetable:' section)"));
        } else {
            result.push_back(*condition);
        }
    }
    return result;
}

bool everyone(const model::WhoModel& who) { return who.roles.empty() && who.users.empty() && who.networks.empty(); }
bool always(const CompiledRule& rule) {
    auto is_always = [](timetable::Condition c) { return c == timetable::Condition::Always; };
    return std::all_of(rule.when_all.begin(), rule.when_all.end(), is_always) &&
           (rule.when_any.empty() || std::any_of(rule.when_any.begin(), rule.when_any.end(), is_always));
}

bool covers_services(const ServiceSet& earlier, const ServiceSet& later) {
    if (earlier.any) return true;
    if (later.any) return false;
    for (std::size_t id = 0; id < later.ids.size(); ++id) {
        if (later.ids[id] && !earlier.ids[id]) return false;
    }
    return true;
}

// Conservative: an earlier rule shadows a later one when it applies to everyone the later one names (or
// the same roles), at all times, for a superset of its services.
bool shadows(const CompiledRule& earlier, const CompiledRule& later) {
    if (!always(earlier) || !covers_services(earlier.services, later.services)) return false;
    if (everyone(earlier.who)) return true;
    const bool only_roles = later.who.users.empty() && later.who.networks.empty() && !later.who.roles.empty();
    return only_roles && std::all_of(later.who.roles.begin(), later.who.roles.end(), [&](const std::string& role) {
               return std::find(earlier.who.roles.begin(), earlier.who.roles.end(), role) != earlier.who.roles.end();
           });
}

void check_order(const std::vector<CompiledRule>& rules, const model::PolicyModel& model, ConfigErrors& errors) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& mark = model.rules[i].mark;
        const std::string path = "rules[" + std::to_string(i) + "]";
        if (!seen.insert(rules[i].name).second) {
            errors.push_back(error_at(mark, path + ".name", "rule name '" + rules[i].name + "' is used twice (give every rule its own name)"));
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (!shadows(rules[j], rules[i])) continue;
            errors.push_back(error_at(mark, path, "rule '" + rules[i].name + "' can never match because rule '" + rules[j].name +
                                                      "' above it always matches first (move it above '" + rules[j].name +
                                                      "' or remove it)"));
            break;
        }
    }
}

}  // namespace

std::vector<CompiledRule> compile_rules(const model::PolicyModel& model, const ServiceNames& services,
                                        const SubjectIndex& subjects, ConfigErrors& errors) {
    std::vector<CompiledRule> rules;
    for (std::size_t i = 0; i < model.rules.size(); ++i) {
        const auto& rule = model.rules[i];
        const std::string path = "rules[" + std::to_string(i) + "]";
        CompiledRule compiled{rule.name, rule.reason, rule.action, rule.who, {}, {}, {}};
        compiled.services = resolve_services(rule.services, rule.service_marks, rule.mark, path + ".services", services, errors);
        check_who(rule.who, path, subjects, errors);
        const bool have_timetable = model.timetable.has_value();
        compiled.when_all = conditions(rule.when.all_of, rule, path + ".when", have_timetable, errors);
        compiled.when_any = conditions(rule.when.any_of, rule, path + ".when", have_timetable, errors);
        rules.push_back(std::move(compiled));
    }
    check_order(rules, model, errors);
    return rules;
}

}  // namespace schoolgate::config::detail
